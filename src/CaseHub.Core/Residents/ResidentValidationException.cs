namespace CaseHub.Core.Residents;

/// <summary>Bad resident details; <see cref="Errors"/> has the shape of a validation problem's <c>errors</c> member.</summary>
public sealed class ResidentValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("居民信息无效 / The resident's details are not valid: " + string.Join("; ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
