namespace CaseHub.Core.Providers;

/// <summary>A new provider. Without <see cref="JurisdictionIds"/> it serves the place it belongs to.</summary>
public sealed record CreateProviderRequest(string? Name, string? NameEn, string? Kind, string? JurisdictionId, List<string>? JurisdictionIds, List<string>? ServiceCodes);

/// <summary>The deadline is text, read like a suspension's times: one without an offset is China time.</summary>
public sealed record AccreditationRequest(string? Action, string? Reason, string? Deadline);

public sealed record CreateProviderUserRequest(string? Email, string? DisplayName, string? Password);

public sealed record ProviderResponse(string Id, string Name, string? NameEn, string Kind, string Accreditation, string JurisdictionId,
    IReadOnlyList<string> JurisdictionIds, IReadOnlyList<string> ServiceCodes);

public sealed record AccreditationEventResponse(Guid Id, string Action, string FromState, string ToState, string Reason, DateTimeOffset? Deadline, string Actor, DateTimeOffset At);

public sealed record ProviderUserCreated(string Id, string Email, string DisplayName, string ProviderId, string Role);
