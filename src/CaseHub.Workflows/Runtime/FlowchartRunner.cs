using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;

namespace CaseHub.Workflows.Runtime;

/// <summary>One activity execution, as the journal records it.</summary>
public sealed record JournalEntry(string ActivityId, string ActivityType, string? Outcome, DateTimeOffset StartedAt, DateTimeOffset CompletedAt, string? Error);

/// <summary>What an activity context shares with the step it runs in.</summary>
internal sealed record StepLink(FlowchartRunner Runner, InstanceState State, CompiledWorkflow Workflow);

/// <summary>What a child workflow run, or an HTTP response, leaves for the runner after the activity.</summary>
internal sealed class ActivityEffects
{
    /// <summary>What a child workflow run inside the activity journaled, recorded with the parent's journal.</summary>
    public List<JournalEntry> Journal { get; } = [];
    /// <summary>Bookmarks of the activity that closed while it ran (a child workflow's path ended elsewhere).</summary>
    public List<string> ClosedBookmarks { get; } = [];
    /// <summary>The response <c>Elsa.WriteHttpResponse</c> wrote for the request that drives this step: <c>{ statusCode, content, contentType }</c>.</summary>
    public System.Text.Json.Nodes.JsonObject? HttpResponse { get; set; }
}

/// <summary>What one run step changed: the caller persists all of it in one transaction.</summary>
public sealed class StepResult
{
    public WorkflowStatus Status { get; internal set; } = WorkflowStatus.Running;
    public WorkflowIncident? Incident { get; internal set; }
    /// <summary>What the faulted activity threw, for the log; the incident keeps its text.</summary>
    public Exception? Exception { get; internal set; }
    public List<JournalEntry> Journal { get; } = [];
    public List<BookmarkSpec> AddedBookmarks { get; } = [];
    public List<BookmarkSpec> RemovedBookmarks { get; } = [];
    public List<OutboxEntry> Messages { get; } = [];
    /// <summary>What <c>Elsa.WriteHttpResponse</c> wrote in this step (the last one wins), for the request that drove it.</summary>
    public JsonObject? HttpResponse { get; internal set; }
}

/// <summary>A resume that was refused before anything ran (unknown bookmark, payload the activity rejects), with the errors by field.</summary>
public sealed class ResumeRejectedException(string message, IReadOnlyDictionary<string, string[]>? errors = null) : Exception(message)
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]> { ["bookmark"] = [message] };

    public static ResumeRejectedException From(ResumeErrors errors) =>
        new(string.Join(" ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))), errors);
}

/// <summary>
/// Runs a flowchart in memory until every path is blocked on a bookmark or the flowchart ends. Knows
/// nothing of storage: it changes the <see cref="InstanceState"/> it is given and reports the rest in
/// a <see cref="StepResult"/>.
/// </summary>
public sealed class FlowchartRunner(ExpressionEngine expressions, TimeProvider clock, IServiceProvider services, WorkflowEngineOptions options,
    IActivityUnitOfWork? unitOfWork = null, IChildWorkflows? childWorkflows = null)
{
    private readonly record struct Token(string ActivityId, int InboundIndex);

    private readonly ExpressionEngine _expressions = expressions;
    private readonly TimeProvider _clock = clock;
    private readonly IServiceProvider _services = services;
    private readonly WorkflowEngineOptions _options = options;
    private readonly IActivityUnitOfWork? _unitOfWork = unitOfWork;

    /// <summary>Where a workflow used as an activity finds its child; null where no definitions are stored (then such an activity faults).</summary>
    internal IChildWorkflows? ChildWorkflows { get; } = childWorkflows;

    public Task<StepResult> StartAsync(CompiledWorkflow workflow, InstanceState state, WorkflowRunInfo run, CancellationToken ct = default)
    {
        var step = new Step(this, workflow, state, run);
        // An empty flowchart has nothing to run: Elsa completes it at once.
        if (workflow.StartActivityId is { } start) step.Queue.Enqueue(new Token(start, -1));
        return step.RunAsync(ct);
    }

    /// <summary>
    /// Starts a new instance at the trigger that started it (an event arrived, a trigger's timer fired): the trigger completes as
    /// if its bookmark had been resumed with <paramref name="stimulus"/>, and the flow goes on from there.
    /// </summary>
    public async Task<StepResult> StartAtTriggerAsync(CompiledWorkflow workflow, InstanceState state, WorkflowRunInfo run, string triggerActivityId,
        JsonNode? stimulus, CancellationToken ct = default)
    {
        var step = new Step(this, workflow, state, run);
        var resume = new BookmarkResume(new BookmarkSpec("Trigger") { ActivityId = triggerActivityId }, stimulus, null);
        if (await step.ExecuteAsync(workflow.Nodes[triggerActivityId], c => workflow.Descriptors[triggerActivityId].Activity.ResumeAsync(c, resume), resume))
            return step.Result;
        return await step.RunAsync(ct);
    }

    public async Task<StepResult> ResumeAsync(CompiledWorkflow workflow, InstanceState state, WorkflowRunInfo run,
        string bookmarkId, JsonNode? payload, string? resumedBy, CancellationToken ct = default)
    {
        var bookmark = state.Bookmarks.FirstOrDefault(b => b.Id == bookmarkId)
            ?? throw new ResumeRejectedException($"Bookmark {bookmarkId} is not open on this instance.");
        var descriptor = workflow.Descriptors[bookmark.ActivityId];
        var refusal = await descriptor.Activity.ValidateResumeAsync(new ResumeCheck(bookmark, payload, resumedBy, _services, ct));
        if (refusal is { Count: > 0 }) throw ResumeRejectedException.From(refusal);

        var step = new Step(this, workflow, state, run);
        step.Close(bookmark);
        var resume = new BookmarkResume(bookmark, payload, resumedBy);
        if (await step.ExecuteAsync(workflow.Nodes[bookmark.ActivityId], c => descriptor.Activity.ResumeAsync(c, resume), resume))
            return step.Result;
        return await step.RunAsync(ct);
    }

    /// <summary>
    /// Runs a faulted instance on from its <see cref="FaultPoint"/>: the bookmarks the fault closed open again, the
    /// faulted activity runs again (or is resumed again with the same payload) and the other paths continue.
    /// </summary>
    public async Task<StepResult> RetryAsync(CompiledWorkflow workflow, InstanceState state, WorkflowRunInfo run, CancellationToken ct = default)
    {
        var at = state.Fault ?? throw new InvalidOperationException($"Instance {run.InstanceId} has no fault to retry from.");
        state.Fault = null;
        var step = new Step(this, workflow, state, run);
        foreach (var bookmark in at.Bookmarks) step.Reopen(bookmark);
        foreach (var (join, arrivals) in at.JoinArrivals) state.JoinArrivals[join] = [.. arrivals];
        foreach (var queued in at.Queued) step.Queue.Enqueue(new Token(queued.ActivityId, queued.InboundIndex));
        if (at.Executed)
        {
            // Run directly, not through the queue: a faulted join has already counted its arrivals and must fire, not wait.
            var node = workflow.Nodes[at.ActivityId];
            var activity = workflow.Descriptors[node.Id].Activity;
            var ended = at.Resume is { } resume
                ? await step.ExecuteAsync(node, c => activity.ResumeAsync(c, resume), resume)
                : await step.ExecuteAsync(node, c => activity.ExecuteAsync(c));
            if (ended) return step.Result;
        }
        return await step.RunAsync(ct);
    }

    /// <summary>Ends the instance as Cancelled: every open bookmark (and with it every timer) closes; a faulted one is not retried any more.</summary>
    public StepResult Cancel(CompiledWorkflow workflow, InstanceState state, WorkflowRunInfo run)
    {
        state.Fault = null;
        var step = new Step(this, workflow, state, run);
        step.End(WorkflowStatus.Cancelled);
        return step.Result;
    }

    private sealed class Step(FlowchartRunner runner, CompiledWorkflow workflow, InstanceState state, WorkflowRunInfo run)
    {
        private readonly StepLink _link = new(runner, state, workflow);
        private int _executions;
        private readonly ExpressionScope _scope = new()
        {
            Variables = state.Variables, DeclaredVariables = workflow.VariableNames, Input = state.Input,
            CorrelationId = state.CorrelationId, InstanceName = state.Name, InstanceId = run.InstanceId, WorkflowOutputs = state.WorkflowOutputs,
            Loops = state.Loops, VariableIds = workflow.VariableIds,
            DeclaredInputs = workflow.Document.InputNames, Outputs = state.Outputs, OutputAccessors = workflow.OutputAccessors, LastResult = state.LastResult,
        };

        public Queue<Token> Queue { get; } = new();
        public StepResult Result { get; } = new();

        public async Task<StepResult> RunAsync(CancellationToken ct)
        {
            while (true)
            {
                while (Queue.TryDequeue(out var token))
                {
                    ct.ThrowIfCancellationRequested();
                    if (++_executions > runner._options.MaxExecutionsPerStep)
                    {
                        // The token has not run: it goes back first in line, so a retry (after a fix) starts with it.
                        var pending = Queue.ToList();
                        Queue.Clear();
                        Queue.Enqueue(token);
                        foreach (var t in pending) Queue.Enqueue(t);
                        Fault(workflow.Nodes[token.ActivityId],
                            $"The workflow ran {runner._options.MaxExecutionsPerStep} activities without waiting (last: {token.ActivityId}); a loop never blocks.",
                            exception: null, resume: null, executed: false);
                        return Result;
                    }
                    var node = workflow.Nodes[token.ActivityId];
                    // A token that comes back through a loop (index -1) runs its target at once, as Elsa's backward connections do.
                    if (token.InboundIndex >= 0 && workflow.IsJoin(node.Id))
                    {
                        if (await ArriveAtJoinAsync(node, token.InboundIndex)) return Result;
                    }
                    else if (await ExecuteAsync(node, c => workflow.Descriptors[node.Id].Activity.ExecuteAsync(c)))
                        return Result;
                }
                // Every live path has moved as far as it can: a join whose missing branches are all dead fires or is skipped now,
                // upstream joins first so that the joins after them see what they decided.
                if (state.JoinArrivals.Count == 0 || !await SettleDeadBranchesAsync()) break;
                if (Result.Status is not WorkflowStatus.Running) return Result;
            }
            Result.Status = state.Bookmarks.Count > 0 ? WorkflowStatus.Suspended : WorkflowStatus.Finished;
            if (Result.Status == WorkflowStatus.Finished) ApplyWorkflowOutputs();
            state.CorrelationId = _scope.CorrelationId;
            state.Name = _scope.InstanceName;
            return Result;
        }

        /// <summary>Runs one activity; true when the instance ended (finished or faulted) and the step must stop.</summary>
        public async Task<bool> ExecuteAsync(ActivityNode node, Func<ActivityContext, ValueTask<ActivityResult>> body, BookmarkResume? resume = null)
        {
            var started = runner._clock.GetUtcNow();
            var context = new ActivityContext(node, _scope, runner._expressions, started, runner._services, run) { Step = _link };
            // What the activity may change besides its result, taken before it runs so a fault can put it all back:
            // a retry then runs it again on exactly what it saw the first time.
            var mark = runner._unitOfWork?.Mark();
            var variables = new Dictionary<string, JsonNode?>(state.Variables, StringComparer.Ordinal);
            var workflowOutputs = new Dictionary<string, JsonNode?>(state.WorkflowOutputs, StringComparer.Ordinal);
            var loops = state.Loops.ToDictionary(l => l.Key, l => (JsonObject)l.Value.DeepClone(), StringComparer.Ordinal);
            var correlationId = _scope.CorrelationId;
            ActivityResult result;
            Exception? exception = null;
            try
            {
                result = await body(context);
            }
            // A child workflow's resume refused before anything ran is the caller's error, not a fault of this instance.
            catch (Exception e) when (e is not (OperationCanceledException or ResumeRejectedException))
            {
                exception = e;
                result = ActivityResult.Fault(e.Message);
            }
            if (result.Kind == ResultKind.Fault)
            {
                if (mark is not null) runner._unitOfWork!.RollBack(mark);
                state.Variables.Clear();
                foreach (var (name, value) in variables) state.Variables[name] = value;
                state.WorkflowOutputs.Clear();
                foreach (var (name, value) in workflowOutputs) state.WorkflowOutputs[name] = value;
                state.Loops.Clear();
                foreach (var (id, loop) in loops) state.Loops[id] = loop;
                _scope.CorrelationId = correlationId;
            }
            else
            {
                Result.Messages.AddRange(context.Messages);
                AddLines(context.Lines);
                if (context.Effects?.HttpResponse is { } response) Result.HttpResponse = response;
                if (context.Effects is { } effects)
                    foreach (var id in effects.ClosedBookmarks)
                        if (state.Bookmarks.Find(b => b.Id == id && b.ActivityId == node.Id) is { } closed) Close(closed);
            }
            if (context.Effects is { Journal.Count: > 0 } withJournal) Result.Journal.AddRange(withJournal.Journal);
            var outcome = result.Kind switch
            {
                ResultKind.Complete => string.Join(",", result.Outcomes),
                ResultKind.Block => "Suspended",
                ResultKind.Finish => "Finished",
                _ => "Faulted",
            };
            Result.Journal.Add(new JournalEntry(node.Id, node.Type, outcome, started, runner._clock.GetUtcNow(), result.Error));

            switch (result.Kind)
            {
                case ResultKind.Complete:
                    if (result.Outputs is { } outputs)
                    {
                        state.Outputs[node.Id] = new Dictionary<string, JsonNode?>(outputs, StringComparer.Ordinal);
                        if (outputs.TryGetValue("Result", out var last)) state.LastResult = _scope.LastResult = last?.DeepClone();
                        BindOutputs(node, outputs);
                    }
                    foreach (var port in result.Outcomes)
                        foreach (var connection in workflow.Outgoing(node.Id, port))
                            Queue.Enqueue(new Token(connection.Target, InboundIndex(connection)));
                    return false;
                case ResultKind.Block:
                    foreach (var spec in result.Bookmarks)
                    {
                        // An activity may name its bookmark (a case task shares its id) so it can store rows that refer to it in the same step.
                        var bookmark = spec with { Id = spec.Id is "" ? Guid.NewGuid().ToString("N") : spec.Id, ActivityId = node.Id };
                        state.Bookmarks.Add(bookmark);
                        Result.AddedBookmarks.Add(bookmark);
                    }
                    return false;
                case ResultKind.Finish:
                    state.Output = result.Output ?? state.Output;
                    End(WorkflowStatus.Finished);
                    return true;
                default:
                    Fault(node, result.Error ?? "The activity faulted.", exception, resume, executed: true);
                    return true;
            }
        }

        /// <summary>
        /// Elsa Studio binds an activity's output to a variable by writing the output as a property of the activity holding
        /// <c>{ "memoryReference": { "id": "&lt;variable id or name&gt;" } }</c> (ExecuteWorkflow's <c>result</c>, a child's outputs).
        /// </summary>
        private void BindOutputs(ActivityNode node, IReadOnlyDictionary<string, JsonNode?> outputs)
        {
            foreach (var (name, value) in outputs)
            {
                if (node.Input(name)?.Raw is not JsonObject { } binding || binding["memoryReference"] is not JsonObject reference
                    || Values.ToText(reference["id"]) is not { Length: > 0 } id) continue;
                var variable = workflow.VariableIds.TryGetValue(id, out var named) ? named : id;
                state.Variables[variable] = value?.DeepClone();
            }
        }

        public void Reopen(BookmarkSpec bookmark)
        {
            state.Bookmarks.Add(bookmark);
            Result.AddedBookmarks.Add(bookmark);
        }

        public void Close(BookmarkSpec bookmark)
        {
            state.Bookmarks.Remove(bookmark);
            Result.RemovedBookmarks.Add(bookmark);
        }

        /// <summary>True when a join fired (new work may be queued, or the instance ended: see <see cref="StepResult.Status"/>).</summary>
        private async Task<bool> SettleDeadBranchesAsync()
        {
            foreach (var joinId in workflow.JoinIds)
            {
                if (!state.JoinArrivals.TryGetValue(joinId, out var arrivals) || arrivals.Count == 0) continue;
                var join = workflow.Nodes[joinId];
                switch (Decide(join, KindOf(join)))
                {
                    case JoinDecision.Fire:
                        await FireJoinAsync(join);
                        return true;
                    case JoinDecision.Skip:
                        state.JoinArrivals.Remove(joinId);
                        break;
                }
            }
            return false;
        }

        private async Task<bool> ArriveAtJoinAsync(ActivityNode join, int inboundIndex)
        {
            var arrivals = state.JoinArrivals.TryGetValue(join.Id, out var list) ? list : state.JoinArrivals[join.Id] = [];
            if (!arrivals.Contains(inboundIndex)) arrivals.Add(inboundIndex);
            var kind = KindOf(join);
            if (kind == JoinKind.WaitAny)
            {
                // First branch in wins: every other path that could still reach this join is cancelled, and the arrivals
                // already queued for it are dropped, so it runs once per round (Elsa ignores the later arrivals).
                var feeders = workflow.Join(join.Id).AllFeeders;
                foreach (var bookmark in state.Bookmarks.Where(b => feeders.Contains(b.ActivityId)).ToList()) Close(bookmark);
                var survivors = Queue.Where(t => !feeders.Contains(t.ActivityId) && !(t.ActivityId == join.Id && t.InboundIndex >= 0)).ToList();
                Queue.Clear();
                foreach (var t in survivors) Queue.Enqueue(t);
                return await FireJoinAsync(join);
            }
            return Decide(join, kind) switch
            {
                JoinDecision.Fire => await FireJoinAsync(join),
                _ => false, // a skip is only decided once the queue has drained: until then a dead-looking branch may be a join about to fire
            };
        }

        private JoinKind KindOf(ActivityNode join)
        {
            if (workflow.Join(join.Id).Kind is { } kind) return kind;
            var context = new ActivityContext(join, _scope, runner._expressions, runner._clock.GetUtcNow(), runner._services, run);
            return JoinModes.OfFlowJoin(context.EvaluateText("mode"));
        }

        private Task<bool> FireJoinAsync(ActivityNode join)
        {
            state.JoinArrivals.Remove(join.Id);
            return ExecuteAsync(join, c => workflow.Descriptors[join.Id].Activity.ExecuteAsync(c));
        }

        private enum JoinDecision { Wait, Fire, Skip }

        /// <summary>
        /// Fire once every counted inbound connection has arrived. Otherwise wait while a missing one can still arrive: an
        /// arrival queued for it, a queued activity or open bookmark it can be reached from, or a join upstream that still has
        /// to decide. When every missing one is dead: WaitAllActive fires, WaitAll is skipped, Merge and Converge stay blocked.
        /// </summary>
        private JoinDecision Decide(ActivityNode join, JoinKind kind)
        {
            var shape = workflow.Join(join.Id);
            var arrived = state.JoinArrivals.TryGetValue(join.Id, out var list) ? list : [];
            if (arrived.Count == 0) return JoinDecision.Wait;
            var missing = false;
            for (var i = 0; i < shape.Inbound.Count; i++)
            {
                if (!shape.Counted[i] || arrived.Contains(i)) continue;
                missing = true;
                if (CanStillArrive(join.Id, i, shape.Feeders[i])) return JoinDecision.Wait;
            }
            if (!missing) return JoinDecision.Fire;
            return kind switch
            {
                JoinKind.WaitAllActive or JoinKind.WaitAny => JoinDecision.Fire,
                JoinKind.WaitAll => JoinDecision.Skip,
                _ => JoinDecision.Wait,
            };
        }

        private bool CanStillArrive(string joinId, int index, HashSet<string> feeders)
        {
            foreach (var t in Queue)
                if (feeders.Contains(t.ActivityId) || (t.ActivityId == joinId && t.InboundIndex == index)) return true;
            foreach (var b in state.Bookmarks)
                if (feeders.Contains(b.ActivityId)) return true;
            foreach (var (other, arrivals) in state.JoinArrivals)
                if (other != joinId && arrivals.Count > 0 && feeders.Contains(other)
                    && KindOf(workflow.Nodes[other]) is JoinKind.WaitAll or JoinKind.WaitAllActive)
                    return true;
            return false;
        }

        private int InboundIndex(Connection connection)
        {
            if (!workflow.IsJoin(connection.Target)) return -1;
            var shape = workflow.Join(connection.Target);
            var index = IndexOf(shape.Inbound, connection);
            return index >= 0 && shape.Counted[index] ? index : -1;
        }

        private static int IndexOf(IReadOnlyList<Connection> list, Connection connection)
        {
            for (var i = 0; i < list.Count; i++)
                if (ReferenceEquals(list[i], connection)) return i;
            return -1;
        }

        private void Fault(ActivityNode node, string message, Exception? exception, BookmarkResume? resume, bool executed)
        {
            Result.Incident = new WorkflowIncident(node.Id, node.Type, message, runner._clock.GetUtcNow(), exception?.GetType().FullName, exception?.ToString());
            Result.Exception = exception;
            state.Fault = new FaultPoint
            {
                ActivityId = node.Id, Executed = executed, Resume = resume,
                Queued = [.. Queue.Select(t => new QueuedActivity(t.ActivityId, t.InboundIndex))],
                Bookmarks = [.. state.Bookmarks],
                JoinArrivals = state.JoinArrivals.ToDictionary(j => j.Key, j => j.Value.ToList(), StringComparer.Ordinal),
            };
            End(WorkflowStatus.Faulted);
        }

        // The instance is over: nothing may resume it, so every open bookmark closes with it.
        public void End(WorkflowStatus status)
        {
            foreach (var bookmark in state.Bookmarks.ToList()) Close(bookmark);
            state.JoinArrivals.Clear();
            // A faulted instance keeps its loops and waiting children: a retry goes on from them.
            if (status != WorkflowStatus.Faulted)
            {
                state.Loops.Clear();
                state.Children.Clear();
            }
            Queue.Clear();
            Result.Status = status;
            if (status == WorkflowStatus.Finished) ApplyWorkflowOutputs();
            state.CorrelationId = _scope.CorrelationId;
            state.Name = _scope.InstanceName;
        }

        /// <summary>
        /// The named outputs <c>Elsa.SetOutput</c> assigned become properties of the instance's output object (next to
        /// <c>Elsa.Complete</c>'s <c>outcomes</c>); an output that is not an object is left as it is.
        /// </summary>
        private void ApplyWorkflowOutputs()
        {
            if (state.WorkflowOutputs.Count == 0) return;
            if (state.Output is not (null or JsonObject)) return;
            var output = state.Output as JsonObject ?? new JsonObject();
            foreach (var (name, value) in state.WorkflowOutputs) output[name] = value?.DeepClone();
            state.Output = output;
        }

        private void AddLines(List<string> lines)
        {
            foreach (var line in lines)
            {
                if (state.Lines.Count >= runner._options.MaxOutputLines) state.Lines.RemoveAt(0);
                state.Lines.Add(line);
            }
        }
    }
}
