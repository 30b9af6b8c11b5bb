using System.Diagnostics;
using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;

namespace CaseHub.Workflows.Tests.Expressions;

public class JavaScriptEvaluatorFacts
{
    private readonly JavaScriptEvaluator _evaluator = new();

    private static WorkflowExpression Js(string script) => new("JavaScript", JsonValue.Create(script));

    private static ExpressionScope ScopeWithCounter(int counter) => new()
    {
        Variables = new() { ["Counter"] = counter },
        DeclaredVariables = ["Counter"],
    };

    private JsonNode? Run(string script, ExpressionScope? scope = null) => _evaluator.Evaluate(Js(script), scope ?? new ExpressionScope());

    // On a loaded machine the 500 ms clock can stop a script before the limit under test does; take the clock out of it.
    private static JsonNode? RunWithoutClock(string script) =>
        new JavaScriptEvaluator(new JavaScriptLimits { Timeout = TimeSpan.FromSeconds(30) }).Evaluate(Js(script), new ExpressionScope());

    [Fact]
    public void AGeneratedGetterReadsADeclaredVariable()
    {
        Assert.Equal(2, Run("getCounter() + 1", ScopeWithCounter(1))!.GetValue<int>());
    }

    [Fact]
    public void AGeneratedSetterChangesTheScopeVariable()
    {
        var scope = ScopeWithCounter(1);

        Run("setCounter(getCounter() + 41)", scope);

        Assert.Equal(42, scope.Variables["Counter"]!.GetValue<int>());
    }

    [Fact]
    public void SetVariable_ChangesTheScopeVariables()
    {
        var scope = new ExpressionScope();

        Run("setVariable('Name', 'Ada'); setVariable('Tags', ['a', 'b'])", scope);

        Assert.Equal("Ada", scope.Variables["Name"]!.GetValue<string>());
        Assert.Equal("""["a","b"]""", scope.Variables["Tags"]!.ToJsonString());
    }

    [Fact]
    public void GetVariable_OfAnUnknownNameIsUndefined()
    {
        Assert.Equal("undefined", Run("typeof getVariable('Missing')")!.GetValue<string>());
    }

    [Fact]
    public void GetInput_ReadsTheWorkflowInput()
    {
        var scope = new ExpressionScope { Input = new Dictionary<string, JsonNode?> { ["Amount"] = 250 } };

        Assert.True(Run("getInput('Amount') > 100", scope)!.GetValue<bool>());
    }

    [Fact]
    public void CorrelationAndInstanceIdsAreReadableAndTheCorrelationIdSettable()
    {
        var scope = new ExpressionScope { CorrelationId = "order-1", InstanceId = "wf-9" };

        var result = Run("setCorrelationId(getCorrelationId() + '/2'); getWorkflowInstanceId()", scope);

        Assert.Equal("wf-9", result!.GetValue<string>());
        Assert.Equal("order-1/2", scope.CorrelationId);
    }

    [Fact]
    public void ObjectsAndArraysRoundTripThroughTheScript()
    {
        var order = JsonNode.Parse("""{"id":7,"lines":[{"sku":"A","qty":2}],"note":null}""");
        var scope = new ExpressionScope { Variables = new() { ["Order"] = order } };

        var result = Run("const o = getVariable('Order'); o.lines.push({ sku: 'B', qty: 1 }); o", scope);

        Assert.Equal("""{"id":7,"lines":[{"sku":"A","qty":2},{"sku":"B","qty":1}],"note":null}""", result!.ToJsonString());
        Assert.Equal(order!.ToJsonString(), scope.Variables["Order"]!.ToJsonString());
    }

    [Fact]
    public void UndefinedAndFunctionsBecomeNull()
    {
        Assert.Null(Run("undefined"));
        Assert.Null(Run("(function () {})"));
    }

    [Fact]
    public void AnEndlessLoopStopsAtALimitAndTheEvaluatorKeepsWorking()
    {
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<ExpressionException>(() => Run("while (true) {}"));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Matches("time limit|statements", error.Message);
        Assert.Equal(3, Run("1 + 2")!.GetValue<int>());
    }

    [Fact]
    public void ASlowLoopStopsAtTheTimeLimit()
    {
        var evaluator = new JavaScriptEvaluator(new JavaScriptLimits { Timeout = TimeSpan.FromMilliseconds(100), MaxStatements = int.MaxValue });
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(Js("while (true) {}"), new ExpressionScope()));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Contains("time limit of 100 ms", error.Message);
    }

    [Fact]
    public void DeepRecursionStopsAtTheRecursionLimit()
    {
        var error = Assert.Throws<ExpressionException>(() => Run("function f(n) { return f(n + 1); } f(0)"));

        Assert.Contains("recursion limit", error.Message);
    }

    [Fact]
    public void AHugeAllocationStopsAtALimit()
    {
        var error = Assert.Throws<ExpressionException>(() => RunWithoutClock("const a = []; for (let i = 0; i < 64; i++) a.push(String(i).repeat(1 << 20)); a.length"));

        Assert.Contains("memory limit", error.Message);
    }

    [Fact]
    public void AHugeArrayIsRefused()
    {
        var error = Assert.Throws<ExpressionException>(() => RunWithoutClock("new Array(100000000).fill(0).length"));

        Assert.Contains("memory limit", error.Message);
    }

    [Fact]
    public void AnArrayBeyondTheSizeLimitIsRefused()
    {
        var evaluator = new JavaScriptEvaluator(new JavaScriptLimits { MaxArraySize = 10 });

        var error = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(Js("new Array(100).length"), new ExpressionScope()));

        Assert.Contains("larger than maximum allowed (10)", error.Message);
    }

    [Theory]
    [InlineData("System")]
    [InlineData("importNamespace")]
    [InlineData("clr")]
    [InlineData("host")]
    public void NoDotNetNamespaceOrInteropGlobal_IsDefined(string name)
    {
        Assert.Equal("undefined", Run($"typeof {name}")!.GetValue<string>());
    }

    // A function's constructor is Function, which would compile a string into code that sees the real global
    // object; string compilation is switched off, so each way of reaching it is refused before any code runs.
    [Theory]
    [InlineData("getVariable.constructor('return this')")]
    [InlineData("(() => 1).constructor('return this')()")]
    [InlineData("Function('return this')()")]
    [InlineData("eval('globalThis')")]
    public void CompilingAStringIntoCode_IsRefused(string script)
    {
        var error = Assert.Throws<ExpressionException>(() => Run(script));

        Assert.Contains("String compilation has been disabled", error.Message);
    }

    [Fact]
    public void AHostFunctionDoesNotExposeItsDotnetType()
    {
        var result = Run("Object.getOwnPropertyNames(getVariable).concat(Object.keys(globalThis)).join(',')")!.GetValue<string>();

        Assert.DoesNotContain("System", result);
        Assert.DoesNotContain("GetType", result);
    }

    [Fact]
    public void ARuntimeErrorNamesItsLineAndColumn()
    {
        var error = Assert.Throws<ExpressionException>(() => Run("const a = 1;\n  missing()"));

        Assert.Contains("line 2, column 3", error.Message);
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public void AThrownValueBecomesAnExpressionException()
    {
        var error = Assert.Throws<ExpressionException>(() => Run("throw new Error('no approver')"));

        Assert.Contains("no approver", error.Message);
    }

    [Fact]
    public void CheckSyntax_ReportsAParseErrorWithItsPosition()
    {
        var message = _evaluator.CheckSyntax(Js("const a = 1;\nconst b = ;"));

        Assert.NotNull(message);
        Assert.Contains("line 2, column 11", message);
    }

    [Fact]
    public void CheckSyntax_AcceptsAValidScript()
    {
        Assert.Null(_evaluator.CheckSyntax(Js("getCounter() + 1")));
    }

    [Fact]
    public void EvaluatingASyntaxErrorThrowsAnExpressionException()
    {
        var error = Assert.Throws<ExpressionException>(() => Run("1 +"));

        Assert.Contains("syntax error", error.Message);
    }

    [Fact]
    public void GlobalsFromOneEvaluationAreNotSeenByTheNext()
    {
        Run("globalThis.leak = 1");

        Assert.Equal("undefined", Run("typeof leak")!.GetValue<string>());
    }

    [Fact]
    public void ParallelEvaluationsSeeOnlyTheirOwnVariables()
    {
        var failures = 0;

        Parallel.For(0, 200, i =>
        {
            var scope = ScopeWithCounter(i);
            var result = Run("setVariable('Mine', getCounter() * 2); getVariable('Mine') - getCounter()", scope);
            if (result!.GetValue<int>() != i || scope.Variables["Mine"]!.GetValue<int>() != 2 * i)
                Interlocked.Increment(ref failures);
        });

        Assert.Equal(0, failures);
    }
}
