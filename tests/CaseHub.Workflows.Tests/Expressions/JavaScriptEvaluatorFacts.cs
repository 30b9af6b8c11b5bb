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
    public void A_generated_getter_reads_a_declared_variable()
    {
        Assert.Equal(2, Run("getCounter() + 1", ScopeWithCounter(1))!.GetValue<int>());
    }

    [Fact]
    public void A_generated_setter_changes_the_scope_variable()
    {
        var scope = ScopeWithCounter(1);

        Run("setCounter(getCounter() + 41)", scope);

        Assert.Equal(42, scope.Variables["Counter"]!.GetValue<int>());
    }

    [Fact]
    public void SetVariable_changes_the_scope_variables()
    {
        var scope = new ExpressionScope();

        Run("setVariable('Name', 'Ada'); setVariable('Tags', ['a', 'b'])", scope);

        Assert.Equal("Ada", scope.Variables["Name"]!.GetValue<string>());
        Assert.Equal("""["a","b"]""", scope.Variables["Tags"]!.ToJsonString());
    }

    [Fact]
    public void GetVariable_of_an_unknown_name_is_undefined()
    {
        Assert.Equal("undefined", Run("typeof getVariable('Missing')")!.GetValue<string>());
    }

    [Fact]
    public void GetInput_reads_the_workflow_input()
    {
        var scope = new ExpressionScope { Input = new Dictionary<string, JsonNode?> { ["Amount"] = 250 } };

        Assert.True(Run("getInput('Amount') > 100", scope)!.GetValue<bool>());
    }

    [Fact]
    public void Correlation_and_instance_ids_are_readable_and_the_correlation_id_settable()
    {
        var scope = new ExpressionScope { CorrelationId = "order-1", InstanceId = "wf-9" };

        var result = Run("setCorrelationId(getCorrelationId() + '/2'); getWorkflowInstanceId()", scope);

        Assert.Equal("wf-9", result!.GetValue<string>());
        Assert.Equal("order-1/2", scope.CorrelationId);
    }

    [Fact]
    public void Objects_and_arrays_round_trip_through_the_script()
    {
        var order = JsonNode.Parse("""{"id":7,"lines":[{"sku":"A","qty":2}],"note":null}""");
        var scope = new ExpressionScope { Variables = new() { ["Order"] = order } };

        var result = Run("const o = getVariable('Order'); o.lines.push({ sku: 'B', qty: 1 }); o", scope);

        Assert.Equal("""{"id":7,"lines":[{"sku":"A","qty":2},{"sku":"B","qty":1}],"note":null}""", result!.ToJsonString());
        Assert.Equal(order!.ToJsonString(), scope.Variables["Order"]!.ToJsonString());
    }

    [Fact]
    public void Undefined_and_functions_become_null()
    {
        Assert.Null(Run("undefined"));
        Assert.Null(Run("(function () {})"));
    }

    [Fact]
    public void An_endless_loop_stops_at_a_limit_and_the_evaluator_keeps_working()
    {
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<ExpressionException>(() => Run("while (true) {}"));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Matches("time limit|statements", error.Message);
        Assert.Equal(3, Run("1 + 2")!.GetValue<int>());
    }

    [Fact]
    public void A_slow_loop_stops_at_the_time_limit()
    {
        var evaluator = new JavaScriptEvaluator(new JavaScriptLimits { Timeout = TimeSpan.FromMilliseconds(100), MaxStatements = int.MaxValue });
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(Js("while (true) {}"), new ExpressionScope()));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Contains("time limit of 100 ms", error.Message);
    }

    [Fact]
    public void Deep_recursion_stops_at_the_recursion_limit()
    {
        var error = Assert.Throws<ExpressionException>(() => Run("function f(n) { return f(n + 1); } f(0)"));

        Assert.Contains("recursion limit", error.Message);
    }

    [Fact]
    public void A_huge_allocation_stops_at_a_limit()
    {
        var error = Assert.Throws<ExpressionException>(() => RunWithoutClock("const a = []; for (let i = 0; i < 64; i++) a.push(String(i).repeat(1 << 20)); a.length"));

        Assert.Contains("memory limit", error.Message);
    }

    [Fact]
    public void A_huge_array_is_refused()
    {
        var error = Assert.Throws<ExpressionException>(() => RunWithoutClock("new Array(100000000).fill(0).length"));

        Assert.Contains("memory limit", error.Message);
    }

    [Fact]
    public void An_array_beyond_the_size_limit_is_refused()
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
    public void A_host_function_does_not_expose_its_dotnet_type()
    {
        var result = Run("Object.getOwnPropertyNames(getVariable).concat(Object.keys(globalThis)).join(',')")!.GetValue<string>();

        Assert.DoesNotContain("System", result);
        Assert.DoesNotContain("GetType", result);
    }

    [Fact]
    public void A_runtime_error_names_its_line_and_column()
    {
        var error = Assert.Throws<ExpressionException>(() => Run("const a = 1;\n  missing()"));

        Assert.Contains("line 2, column 3", error.Message);
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public void A_thrown_value_becomes_an_expression_exception()
    {
        var error = Assert.Throws<ExpressionException>(() => Run("throw new Error('no approver')"));

        Assert.Contains("no approver", error.Message);
    }

    [Fact]
    public void CheckSyntax_reports_a_parse_error_with_its_position()
    {
        var message = _evaluator.CheckSyntax(Js("const a = 1;\nconst b = ;"));

        Assert.NotNull(message);
        Assert.Contains("line 2, column 11", message);
    }

    [Fact]
    public void CheckSyntax_accepts_a_valid_script()
    {
        Assert.Null(_evaluator.CheckSyntax(Js("getCounter() + 1")));
    }

    [Fact]
    public void Evaluating_a_syntax_error_throws_an_expression_exception()
    {
        var error = Assert.Throws<ExpressionException>(() => Run("1 +"));

        Assert.Contains("syntax error", error.Message);
    }

    [Fact]
    public void Globals_from_one_evaluation_are_not_seen_by_the_next()
    {
        Run("globalThis.leak = 1");

        Assert.Equal("undefined", Run("typeof leak")!.GetValue<string>());
    }

    [Fact]
    public void Parallel_evaluations_see_only_their_own_variables()
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
