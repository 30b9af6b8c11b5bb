using System.Net;
using System.Text;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;
using CaseHub.Workflows.Runtime;

namespace CaseHub.Workflows.Tests.Runtime;

/// <summary>
/// Elsa.SendHttpRequest and Elsa.FlowSendHttpRequest: the outcome per expected status code, "Unmatched status code" and the outputs,
/// as elsa-core's src/modules/Elsa.Http/Activities/FlowSendHttpRequest.cs completes them; that only hosts listed in configuration
/// are called (refused at save, or a fault) is CaseHub's rule against server-side request forgery.
/// </summary>
public sealed class SendHttpRequestFacts
{
    private sealed class FakeServer(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public List<(HttpMethod Method, string? Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((request.Method, request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken)));
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }

    private static ActivityRegistry Registry(HttpMessageHandler? handler = null) =>
        new(BuiltInActivities.All(TimeZoneInfo.Utc, new HttpAllowList(["api.zhoushan.example", "*.gov.example"]), handler));

    private static string Call(string url, string syntax = "Literal") => Flow.Document(
        [Flow.Activity("call", "Elsa.FlowSendHttpRequest", ("url", syntax, url), ("method", "Literal", "POST"), ("content", "JavaScript", "({ ticket: 'ZS-1' })"),
             ("expectedStatusCodes", "Literal", "[200, 404]")),
         Flow.Activity("found", "Elsa.WriteLine", ("text", "JavaScript", "`found ${getParsedContentFromCall().name}`")),
         Flow.Activity("missing", "Elsa.WriteLine", ("text", "JavaScript", "`missing ${getStatusCodeFromCall()}`")),
         Flow.Activity("other", "Elsa.WriteLine", ("text", "Literal", "other"))],
        [Flow.Connect("call", "200", "found"), Flow.Connect("call", "404", "missing"), Flow.Connect("call", "Unmatched status code", "other")]);

    [Fact]
    public async Task TheAnsweredStatusCode_IsThePortTaken_AndTheBodyAndStatusAreOutputs()
    {
        var server = new FakeServer(HttpStatusCode.NotFound, "{\"name\":\"x\"}");
        var engine = new InMemoryEngine(WorkflowJson.Parse(Call("https://api.zhoushan.example/providers/7")), registry: Registry(server));

        var step = await engine.StartAsync();

        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Equal(["missing 404"], engine.State.Lines);
        Assert.Equal((HttpMethod.Post, "{\"ticket\":\"ZS-1\"}"), Assert.Single(server.Requests));
    }

    [Fact]
    public async Task AStatusCodeNotExpected_GoesToUnmatched()
    {
        var engine = new InMemoryEngine(WorkflowJson.Parse(Call("https://a.gov.example/x")), registry: Registry(new FakeServer(HttpStatusCode.Accepted, "")));

        await engine.StartAsync();

        Assert.Equal(["other"], engine.State.Lines);
    }

    [Fact]
    public void ALiteralUrlToAHostNotListed_IsRefusedAtSave_NamingTheActivityAndTheSetting()
    {
        var validator = new WorkflowValidator(Registry(), ExpressionEngine.CreateDefault());

        var refused = validator.Validate(WorkflowJson.Parse(Call("http://169.254.169.254/latest/meta-data"))).Where(i => i.Severity == IssueSeverity.Error).ToList();
        var allowed = validator.Validate(WorkflowJson.Parse(Call("https://api.zhoushan.example/x"))).Where(i => i.Severity == IssueSeverity.Error);

        var issue = Assert.Single(refused);
        Assert.Equal(("call", "activities[call].url"), (issue.ActivityId, issue.Field));
        Assert.Contains("Workflows:AllowedHttpHosts", issue.Message);
        Assert.Empty(allowed);
    }

    [Fact]
    public async Task AUrlAScriptBuildsForAHostNotListed_FaultsWithoutSendingAnything()
    {
        var server = new FakeServer(HttpStatusCode.OK, "{}");
        var engine = new InMemoryEngine(WorkflowJson.Parse(Call("'http://' + 'internal.example' + '/admin'", "JavaScript")), registry: Registry(server));

        var step = await engine.StartAsync();

        Assert.Equal(WorkflowStatus.Faulted, step.Status);
        Assert.Contains("internal.example", step.Incident!.Message);
        Assert.Empty(server.Requests);
    }
}
