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

    public IReadOnlyCollection<ActivityDescriptor> All => _byType.Values;

    public ActivityDescriptor? Find(string type) => _byType.GetValueOrDefault(type);
}
