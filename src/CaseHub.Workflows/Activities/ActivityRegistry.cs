namespace CaseHub.Workflows.Activities;

/// <summary>
/// Every activity type the engine can run, keyed by its Elsa type name. Validation and the designer
/// read it; modules add their own activities to it.
/// </summary>
public sealed class ActivityRegistry
{
    private readonly Dictionary<string, ActivityDescriptor> _byType = new(StringComparer.Ordinal);

    public ActivityRegistry(IEnumerable<ActivityDescriptor> descriptors)
    {
        foreach (var descriptor in descriptors)
            if (!_byType.TryAdd(descriptor.Type, descriptor))
                throw new InvalidOperationException($"Activity type '{descriptor.Type}' is registered twice.");
    }

    private ActivityRegistry(Dictionary<string, ActivityDescriptor> byType) => _byType = byType;

    public IReadOnlyCollection<ActivityDescriptor> All => _byType.Values;

    /// <summary>This registry and <paramref name="extra"/> (workflows used as activities, for one document); a type already here keeps its descriptor.</summary>
    public ActivityRegistry With(IEnumerable<ActivityDescriptor> extra)
    {
        var byType = new Dictionary<string, ActivityDescriptor>(_byType, StringComparer.Ordinal);
        foreach (var descriptor in extra) byType.TryAdd(descriptor.Type, descriptor);
        return new ActivityRegistry(byType);
    }

    public ActivityDescriptor? Find(string type) => _byType.GetValueOrDefault(type);
}
