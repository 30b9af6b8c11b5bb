using System.Net;
using System.Text;
using CaseHub.Host.Infrastructure;
using CaseHub.Host.Tests.Infrastructure;
using static CaseHub.Host.Tests.Infrastructure.CaseSetup;

namespace CaseHub.Host.Tests;

/// <summary>Bodies no handler should see: not well-formed Unicode, control characters, a key given twice. Each is a 400 naming the field, and nothing is stored.</summary>
public sealed class JsonBodyGuardFacts
{
    [Theory]
    [InlineData("""{"form":{"note":"\ud800"}}""", "form.note", "代理项")]
    [InlineData("""{"form":{"note":"ok\udc00"}}""", "form.note", "代理项")]
    [InlineData("""{"items":[1,"a","\u0000"]}""", "items[2]", "U+0000")]
    [InlineData("""{"name":"x\u001b[31m"}""", "name", "U+001B")]
    [InlineData("""{"definitionId":"a","definitionId":"b"}""", "definitionId", "重复的键")]
    [InlineData("""{"a":{"b":[{"c":1,"c":2}]}}""", "a.b[0].c", "重复的键")]
    [InlineData("""{"x\ud800":1}""", "body", "代理项")]
    public void Check_NamesTheFieldAndTheProblem(string json, string field, string words)
    {
        var refusal = JsonBodyGuard.Check(Encoding.UTF8.GetBytes(json));
        Assert.NotNull(refusal);
        Assert.Equal(field, refusal.Field);
        Assert.Contains(words, refusal.Message);
    }

    [Theory]
    [InlineData("""{"comment":"第一行\n第二行\t缩进","emoji":"🌊\ud83c\udf0a","n":[1,2,{"a":"b"}],"a":{"a":1}}""")]
    [InlineData("not json at all")]
    public void Check_LetsGoodTextAndLeavesMalformedJsonToTheBinder(string json) =>
        Assert.Null(JsonBodyGuard.Check(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public async Task AnOrderWithALoneSurrogate_Is400NamingTheField_AndNoTicketIsMade()
    {
        await using var host = new SqliteHost();
        var hotline = await host.ClientAsAsync(Cases.Hotline);
        var before = await (await host.ClientAsAsync(Cases.Admin)).GetStringAsync("/api/tickets?pageSize=1");
        var body = """{"serviceCode":"health.telemedicine","jurisdictionId":"baisha","channel":"hotline","resident":{"name":"张\ud800","phone":"13800001234"},"form":{}}""";
        var response = await hotline.PostAsync("/api/tickets", new StringContent(body, Encoding.UTF8, "application/json"));
        var errors = await ErrorsOf(response);
        Assert.True(errors.TryGetProperty("resident.name", out _), errors.ToString());
        Assert.Equal(before, await (await host.ClientAsAsync(Cases.Admin)).GetStringAsync("/api/tickets?pageSize=1"));
    }

    [Theory]
    [InlineData("resident.name", """{"serviceCode":"health.telemedicine","jurisdictionId":"baisha","channel":"hotline","resident":{"name":"张\n[12:00:00 ERR] 伪造","phone":"13800001234"},"form":{}}""")]
    [InlineData("proxy.relation", """{"serviceCode":"health.telemedicine","jurisdictionId":"baisha","channel":"station_proxy","resident":{"name":"张阿公","phone":"13800001234"},"proxy":{"name":"驿站","relation":"邻居\r\n"},"form":{}}""")]
    public async Task ANameWithALineBreak_Is400NamingTheField_AndNoTicketIsMade(string field, string body)
    {
        await using var host = new SqliteHost();
        var client = await host.ClientAsAsync(field.StartsWith("proxy") ? Cases.BaishaStaff : Cases.Hotline);
        var before = await (await host.ClientAsAsync(Cases.Admin)).GetStringAsync("/api/tickets?pageSize=1");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var errors = await ErrorsOf(await client.SendAsync(request));
        Assert.True(errors.TryGetProperty(field, out var messages), errors.ToString());
        Assert.Contains("只能填一行", messages[0].GetString());
        Assert.Equal(before, await (await host.ClientAsAsync(Cases.Admin)).GetStringAsync("/api/tickets?pageSize=1"));
    }

    [Fact]
    public async Task AProviderNameWithALineBreak_Is400NamingIt()
    {
        await using var host = new SqliteHost();
        var admin = await host.ClientAsAsync(Cases.Admin);
        var response = await admin.PostAsync("/api/providers", new StringContent(
            """{"name":"海岛服务队\n第二行","kind":"social_org","jurisdictionId":"putuo"}""", Encoding.UTF8, "application/json"));
        var errors = await ErrorsOf(response);
        Assert.True(errors.TryGetProperty("name", out _), errors.ToString());
    }

    [Fact]
    public async Task AWorkflowDocumentWithADuplicateKey_Is400_NotA500()
    {
        await using var host = new SqliteHost();
        var admin = await host.ClientAsAsync(Cases.Admin);
        var body = """{"definitionId":"dup.one","definitionId":"dup.two","name":"重复","root":{"type":"Elsa.Flowchart","id":"f","activities":[],"connections":[]}}""";
        var response = await admin.PostAsync("/api/workflows/definitions", new StringContent(body, Encoding.UTF8, "application/json"));
        var errors = await ErrorsOf(response);
        Assert.True(errors.TryGetProperty("definitionId", out _), errors.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/workflows/definitions/dup.one")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/workflows/definitions/dup.two")).StatusCode);
    }

    [Theory]
    [InlineData("流程一")]
    [InlineData("has space")]
    [InlineData("-leading-dash")]
    [InlineData("LONG")]
    public async Task ADefinitionIdOutsideTheGrammar_Is400NamingIt_AndNothingIsSaved(string id)
    {
        if (id == "LONG") id = new string('a', 100_000);
        await using var host = new SqliteHost();
        var admin = await host.ClientAsAsync(Cases.Admin);
        var body = System.Text.Json.JsonSerializer.Serialize(new { definitionId = id, name = "x", root = new { type = "Elsa.Flowchart", id = "f", activities = Array.Empty<object>(), connections = Array.Empty<object>() } });
        var response = await admin.PostAsync("/api/workflows/definitions", new StringContent(body, Encoding.UTF8, "application/json"));
        var errors = await ErrorsOf(response);
        Assert.True(errors.TryGetProperty("$.definitionId", out _) || errors.TryGetProperty("definitionId", out _), errors.ToString());
        Assert.True(response.Headers.Location is null);
        if (id.Length < 100)
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/workflows/definitions/{Uri.EscapeDataString(id)}")).StatusCode);
    }

    [Fact]
    public async Task AWorkflowDefinitionSentAsText_Is415()
    {
        await using var host = new SqliteHost();
        var admin = await host.ClientAsAsync(Cases.Admin);
        var response = await admin.PostAsync("/api/workflows/definitions", new StringContent("""{"definitionId":"t","root":{"type":"Elsa.Flowchart","id":"f","activities":[]}}""", Encoding.UTF8, "text/plain"));
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }
}
