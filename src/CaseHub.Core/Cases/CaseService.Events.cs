using System.Text.Json.Nodes;
using CaseHub.Core.Identity;
using CaseHub.Core.Tickets;

namespace CaseHub.Core.Cases;

public sealed partial class CaseService
{
    /// <summary>
    /// Raises a workflow event (a resident's confirmation, a kiosk's "arrived"). An administrator's event reaches
    /// every waiting instance; a channel's only the instances its own orders started, so one channel cannot move
    /// another channel's — or the city's — cases.
    /// </summary>
    public async Task<int> RaiseEventAsync(Actor actor, string name, string? correlationId, JsonNode? payload, CancellationToken ct = default)
    {
        var reachable = actor.Is(Roles.Administrator)
            ? null
            : db.Set<Ticket>().Where(t => t.PlacedBy == actor.Name && t.WorkflowInstanceId != null).Select(t => t.WorkflowInstanceId!);
        return await workflows.RaiseEventAsync(name, correlationId, payload, ct, reachable);
    }
}
