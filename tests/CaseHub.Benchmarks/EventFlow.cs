using CaseHub.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Benchmarks;

/// <summary>The Start → Event "go" → End definition through the engine's public services, one DI scope per operation as a request would have.</summary>
internal static class EventFlow
{
    public static async Task PublishAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var definitions = scope.ServiceProvider.GetRequiredService<WorkflowDefinitions>();
        await definitions.SaveDraftAsync(Flows.StartEventEnd());
        await definitions.PublishAsync(Flows.EventId);
    }

    /// <summary>Starts an instance, which blocks on the event; returns the bookmark to resume.</summary>
    public static async Task<string> StartAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var snapshot = await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync(Flows.EventId);
        if (snapshot.Status != WorkflowStatus.Suspended || snapshot.Bookmarks.Count != 1)
            throw new InvalidOperationException($"Instance {snapshot.Id} is {snapshot.Status} with {snapshot.Bookmarks.Count} bookmarks: {snapshot.Incident}");
        return snapshot.Bookmarks[0].Id;
    }

    /// <summary>Resumes the event bookmark by id, which runs the instance to its end.</summary>
    public static async Task ResumeAsync(IServiceProvider services, string bookmarkId)
    {
        await using var scope = services.CreateAsyncScope();
        var snapshot = await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().ResumeAsync(bookmarkId, payload: null, resumedBy: "bench");
        if (snapshot.Status != WorkflowStatus.Finished)
            throw new InvalidOperationException($"Instance {snapshot.Id} is {snapshot.Status} after the resume: {snapshot.Incident}");
    }
}
