using BenchmarkDotNet.Attributes;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Expressions;
using CaseHub.Workflows.Runtime;

namespace CaseHub.Benchmarks;

/// <summary>
/// One run of the ten-activity flowchart to its end by <see cref="FlowchartRunner"/>, no database:
/// what the engine itself costs per step. Public and unsealed because BenchmarkDotNet derives from it.
/// </summary>
[MemoryDiagnoser]
public class InMemoryFlowchart
{
    private static readonly ActivityRegistry Registry = new(BuiltInActivities.All(TimeZoneInfo.Utc));
    private static readonly WorkflowRunInfo Run = new("bench-instance", Flows.CounterId, 1);

    private readonly FlowchartRunner _runner = new(ExpressionEngine.CreateDefault(), TimeProvider.System, EmptyServices.Instance, new WorkflowEngineOptions());
    private CompiledWorkflow _javaScript = null!;
    private CompiledWorkflow _literal = null!;

    [GlobalSetup]
    public void Setup()
    {
        _javaScript = new CompiledWorkflow(Flows.TenActivities(javaScript: true), Registry);
        _literal = new CompiledWorkflow(Flows.TenActivities(javaScript: false), Registry);
        // A benchmark of a run that faults halfway would measure the wrong thing: check both end as designed.
        Check(_javaScript, expectedCounter: 4);
        Check(_literal, expectedCounter: 1);
    }

    [Benchmark(Baseline = true, Description = "10 activities, JavaScript (4 SetVariable + FlowDecision)")]
    public Task<StepResult> JavaScript() => RunToEnd(_javaScript);

    [Benchmark(Description = "10 activities, Literal only")]
    public Task<StepResult> Literal() => RunToEnd(_literal);

    private Task<StepResult> RunToEnd(CompiledWorkflow workflow)
    {
        var state = new InstanceState { Variables = workflow.InitialVariables() };
        return _runner.StartAsync(workflow, state, Run);
    }

    private void Check(CompiledWorkflow workflow, double expectedCounter)
    {
        var state = new InstanceState { Variables = workflow.InitialVariables() };
        var result = _runner.StartAsync(workflow, state, Run).GetAwaiter().GetResult();
        var counter = Values.ToNumber(state.Variables["Counter"]);
        if (result.Status != WorkflowStatus.Finished || result.Journal.Count != 10 || counter != expectedCounter)
            throw new InvalidOperationException(
                $"The flowchart ended {result.Status} after {result.Journal.Count} activities with Counter {counter}: {result.Incident}");
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();
        public object? GetService(Type serviceType) => null;
    }
}
