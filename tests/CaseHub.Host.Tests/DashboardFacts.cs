using System.Net;
using System.Text;
using System.Text.Json;
using MiniExcelLibs;
using CaseHub.Host.Tests.Infrastructure;
using static CaseHub.Host.Tests.Infrastructure.Cases;
using static CaseHub.Host.Tests.Infrastructure.DashboardFixture;

namespace CaseHub.Host.Tests;

/// <summary>
/// The dashboard's figures over the hand-made history of <see cref="DashboardFixture"/> (March 2025): each expected number
/// is worked out in the fact from the tickets listed there, for the administrator (the city) and 普陀区's county officer.
/// </summary>
public abstract class DashboardFacts(CaseHubFactory host)
{
    private async Task<JsonElement> GetAsync(string who, string url)
    {
        await SeedAsync(host);
        return await (await (await host.ClientAsAsync(who)).GetAsync(url)).ReadOkAsync<JsonElement>();
    }

    private static JsonElement Row(JsonElement rows, string key) =>
        rows.EnumerateArray().Single(r => r.GetProperty("key").GetString() == key);

    private static double? Rate(JsonElement row, string name) =>
        row.GetProperty(name).ValueKind == JsonValueKind.Null ? null : row.GetProperty(name).GetDouble();

    [Fact]
    public async Task HotServices_CountTheTicketsOrderedInThePeriod_InTheCallersArea()
    {
        // March: telemedicine T1, T2, T7 (T5 is February's, T6 April's); home cleaning T3, T4 (T4 at 23:30 on the last day).
        var city = await GetAsync(Admin, $"/api/dashboard/hot-services?{Period}");
        Assert.Equal([(Telemedicine, 3), (Cleaning, 2)], city.EnumerateArray().Select(r => (r.GetProperty("serviceCode").GetString(), r.GetProperty("count").GetInt32())));
        Assert.False(string.IsNullOrEmpty(city[0].GetProperty("name").GetString()));

        // 普陀区 sees its own three; 长白岛 is 定海区's.
        var putuo = await GetAsync(PutuoOfficer, $"/api/dashboard/hot-services?{Period}");
        Assert.Equal([(Telemedicine, 3)], putuo.EnumerateArray().Select(r => (r.GetProperty("serviceCode").GetString(), r.GetProperty("count").GetInt32())));

        // Narrowed to the eldercare function, and to 长白岛 by place.
        var eldercare = await GetAsync(Admin, $"/api/dashboard/hot-services?{Period}&function=eldercare");
        Assert.Equal([(Cleaning, 2)], eldercare.EnumerateArray().Select(r => (r.GetProperty("serviceCode").GetString(), r.GetProperty("count").GetInt32())));
        var changbai = await GetAsync(Admin, $"/api/dashboard/hot-services?{Period}&jurisdictionId=changbai");
        Assert.Equal(2, changbai.EnumerateArray().Single().GetProperty("count").GetInt32());

        // One day: 31 March holds T4 only (23:30 China time is still 31 March there).
        var lastDay = await GetAsync(Admin, "/api/dashboard/hot-services?from=2025-03-31&to=2025-03-31");
        Assert.Equal([(Cleaning, 1)], lastDay.EnumerateArray().Select(r => (r.GetProperty("serviceCode").GetString(), r.GetProperty("count").GetInt32())));
    }

    [Fact]
    public async Task Satisfaction_RanksGroupsWithEnoughRatingsFirst_AndNeverAGroupBelowTheMinimumAboveThem()
    {
        // 市卫健委 5+4+5+4+5 = 23 over 5 → 4.6; 市民政局 5+5+4+4+4+2 = 24 over 6 → 4.0; 银龄互助 5+5 over 2 → 5.0 but 2 < 5 (样本不足).
        // February's 1 for 市卫健委 is outside the period.
        var byProvider = await GetAsync(Admin, $"/api/dashboard/satisfaction?{Period}&groupBy=provider");
        Assert.Equal([(Health, 4.6, 5, false), (Civil, 4.0, 6, false), (Silver, 5.0, 2, true)], byProvider.EnumerateArray().Select(r =>
            (r.GetProperty("key").GetString(), r.GetProperty("averageRating").GetDouble(), r.GetProperty("count").GetInt32(), r.GetProperty("insufficientSample").GetBoolean())));

        // minSample 6: only 市民政局 has enough; the two below follow, the better average first.
        var six = await GetAsync(Admin, $"/api/dashboard/satisfaction?{Period}&groupBy=provider&minSample=6");
        Assert.Equal([(Civil, false), (Silver, true), (Health, true)],
            six.EnumerateArray().Select(r => (r.GetProperty("key").GetString(), r.GetProperty("insufficientSample").GetBoolean())));

        // minSample 1: everyone has enough, so the average alone ranks.
        var one = await GetAsync(Admin, $"/api/dashboard/satisfaction?{Period}&groupBy=provider&minSample=1");
        Assert.Equal([Silver, Health, Civil], one.EnumerateArray().Select(r => r.GetProperty("key").GetString()));

        // By item: telemedicine 23 + 10 = 33 over 7 → 4.71; home cleaning 24 over 6 → 4.0.
        var byService = await GetAsync(Admin, $"/api/dashboard/satisfaction?{Period}&groupBy=service");
        Assert.Equal([(Telemedicine, 4.71, 7), (Cleaning, 4.0, 6)], byService.EnumerateArray().Select(r =>
            (r.GetProperty("key").GetString(), r.GetProperty("averageRating").GetDouble(), r.GetProperty("count").GetInt32())));

        // 普陀区's officer: the ratings of 普陀区's tickets only (市民政局's are on 长白岛).
        var putuo = await GetAsync(PutuoOfficer, $"/api/dashboard/satisfaction?{Period}");
        Assert.Equal([Health, Silver], putuo.EnumerateArray().Select(r => r.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task Kpis_PerCounty_FollowTheWrittenFormulas_AndTheCountyOfficerSeesOnlyTheirCounty()
    {
        var city = await GetAsync(Admin, $"/api/dashboard/kpis?{Period}&groupBy=county");
        Assert.Equal(["daishan", "dinghai", "putuo", "shengsi"], city.EnumerateArray().Select(r => r.GetProperty("key").GetString()).Order());

        // 普陀区: ordered T1, T2 (its station), T7 = 3. Closed in March: T1 by its due time, T2 and T5 after theirs → 1/3.
        // Dispatches: T1 accepted in time, T2 late → 1/2. Return visits reaching the resident: T1 Satisfied, T2 Unsatisfied → 1/2. Reopened: T2.
        var putuo = Row(city, "putuo");
        Assert.Equal((3, 3, 1), (putuo.GetProperty("ordered").GetInt32(), putuo.GetProperty("closed").GetInt32(), putuo.GetProperty("reopened").GetInt32()));
        Assert.Equal(0.3333, Rate(putuo, "onTimeRate"));
        Assert.Equal(0.5, Rate(putuo, "acceptedInTimeRate"));
        Assert.Equal(0.5, Rate(putuo, "returnVisitSatisfactionRate"));

        // 定海区: ordered T3, T4 = 2. Closed T3, which had no due time to miss → 1/1. Dispatches: T3 declined → 0/1 (T4's is open, no limit).
        // Return visits: T3's call did not reach the resident → none, so no rate.
        var dinghai = Row(city, "dinghai");
        Assert.Equal((2, 1, 0), (dinghai.GetProperty("ordered").GetInt32(), dinghai.GetProperty("closed").GetInt32(), dinghai.GetProperty("reopened").GetInt32()));
        Assert.Equal(1.0, Rate(dinghai, "onTimeRate"));
        Assert.Equal(0.0, Rate(dinghai, "acceptedInTimeRate"));
        Assert.Null(Rate(dinghai, "returnVisitSatisfactionRate"));

        // 岱山县 had nothing: zeros, and no rate rather than 0 % or 100 %.
        var daishan = Row(city, "daishan");
        Assert.Equal(0, daishan.GetProperty("ordered").GetInt32());
        Assert.Null(Rate(daishan, "onTimeRate"));

        // The county officer: their county alone, with the same figures.
        var own = await GetAsync(PutuoOfficer, $"/api/dashboard/kpis?{Period}");
        Assert.Equal(["putuo"], own.EnumerateArray().Select(r => r.GetProperty("key").GetString()));
        Assert.Equal(0.3333, Rate(own[0], "onTimeRate"));

        // By provider: 市卫健委 carries T1, T2, T5 (closed 3, on time 1), both dispatches and both calls.
        var health = Row(await GetAsync(Admin, $"/api/dashboard/kpis?{Period}&groupBy=provider"), Health);
        Assert.Equal((2, 3, 1, 2, 1), (health.GetProperty("ordered").GetInt32(), health.GetProperty("closed").GetInt32(),
            health.GetProperty("closedOnTime").GetInt32(), health.GetProperty("dispatches").GetInt32(), health.GetProperty("reopened").GetInt32()));
    }

    [Fact]
    public async Task Coverage_CountsClosingsPerIslandInTheMonth_WithTheStationsOnTheirIsland()
    {
        // March closings: 白沙岛 T1, T2 (at its station), T5 (00:30 on 1 March) = 3; 长白岛 T3 = 1. No visits are recorded yet: 0 of 0.
        var city = await GetAsync(Admin, "/api/dashboard/coverage?month=2025-03");
        var islands = city.EnumerateArray().ToDictionary(r => r.GetProperty("jurisdictionId").GetString()!);
        Assert.Equal((380, 3, 0, 0), (islands["baisha"].GetProperty("population").GetInt32(), islands["baisha"].GetProperty("ticketsClosed").GetInt32(),
            islands["baisha"].GetProperty("visitsDone").GetInt32(), islands["baisha"].GetProperty("visitsTarget").GetInt32()));
        Assert.Equal(1, islands["changbai"].GetProperty("ticketsClosed").GetInt32());
        Assert.Equal(0, islands["lvhua"].GetProperty("ticketsClosed").GetInt32());

        // 普陀区's officer: 普陀区's islands only.
        var putuo = await GetAsync(PutuoOfficer, "/api/dashboard/coverage?month=2025-03");
        var ids = putuo.EnumerateArray().Select(r => r.GetProperty("jurisdictionId").GetString()).ToList();
        Assert.Contains("baisha", ids);
        Assert.DoesNotContain("changbai", ids);
        // February's closings: none (T5 closed after midnight, China time).
        Assert.All((await GetAsync(Admin, "/api/dashboard/coverage?month=2025-02")).EnumerateArray(), r => Assert.Equal(0, r.GetProperty("ticketsClosed").GetInt32()));
    }

    [Fact]
    public async Task ChannelsAndWeeklyTrend_SplitThePeriodsTickets()
    {
        var channels = await GetAsync(Admin, $"/api/dashboard/channels?{Period}");
        Assert.Equal([("hotline", 2), ("kiosk", 1), ("miniprogram", 1), ("web", 1)],
            channels.EnumerateArray().Select(r => (r.GetProperty("channel").GetString(), r.GetProperty("count").GetInt32())));

        // Weeks from Monday: 1–2 Mar (cut), 3, 10, 17, 24, 31 Mar. Ordered T1 | T2, T3 | T7 | – | T4; closed T5 | T1 | T2 | T3.
        var weeks = await GetAsync(Admin, $"/api/dashboard/weekly?{Period}");
        Assert.Equal([("2025-02-24", 0, 1), ("2025-03-03", 1, 1), ("2025-03-10", 2, 1), ("2025-03-17", 1, 1), ("2025-03-24", 0, 0), ("2025-03-31", 1, 0)],
            weeks.EnumerateArray().Select(r => (r.GetProperty("weekStarting").GetString(), r.GetProperty("ordered").GetInt32(), r.GetProperty("closed").GetInt32())));
    }

    [Fact]
    public async Task TheTicketExport_IsTheFilteredListInTheCallersArea_AsCsvWithABomAndAsXlsx_PhonesMasked()
    {
        await SeedAsync(host);
        var officer = await host.ClientAsAsync(PutuoOfficer);
        // 普陀区's tickets of Feb–Apr 2025: T1, T2, T5, T6, T7, newest first; 长白岛's T3 and T4 are 定海区's.
        var csv = await officer.GetAsync("/api/tickets/export?format=csv&from=2025-02-01&to=2025-04-30");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", csv.Content.Headers.ContentDisposition?.ToString());
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(l => l.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.StartsWith("工单号,服务事项,服务事项编码,地点,居民,电话", lines[0]);
        Assert.Equal(["DB-T6", "DB-T7", "DB-T2", "DB-T1", "DB-T5"], lines.Skip(1).Select(l => l.Split(',')[0]));
        var t1 = lines.Single(l => l.StartsWith("DB-T1,"));
        Assert.Contains("138****1111", t1);
        Assert.DoesNotContain(Phones[0], Encoding.UTF8.GetString(bytes));
        Assert.Contains("白沙岛", t1);

        // The same list narrowed by the list's own filters (a channel), as XLSX read back.
        var xlsx = await officer.GetAsync("/api/tickets/export?format=xlsx&from=2025-02-01&to=2025-04-30&channel=hotline");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        await using var sheet = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var rows = sheet.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(["DB-T6", "DB-T1", "DB-T5"], rows.Select(r => r["工单号"]?.ToString()));
        Assert.Equal(["138****6666", "138****1111", "138****5555"], rows.Select(r => r["电话"]?.ToString()));
        Assert.All(rows, r => Assert.Equal("热线", r["渠道"]?.ToString()));
    }

    [Fact]
    public async Task ADashboardViewsExport_WritesWhatTheViewAnswers()
    {
        await SeedAsync(host);
        var admin = await host.ClientAsAsync(Admin);
        var csv = await admin.GetAsync($"/api/dashboard/kpis/export?format=csv&{Period}");
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.True(csv.StatusCode == HttpStatusCode.OK, Encoding.UTF8.GetString(bytes));
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("名称,编码,下单数,办结数,按时办结数,按时办结率,派单数,及时签收数,及时签收率,回访数,回访满意数,回访满意率,重办数", lines[0]);
        Assert.Contains("普陀区,putuo,3,3,1,33.3%,2,1,50.0%,2,1,50.0%,1", lines);
        Assert.Contains("岱山县,daishan,0,0,0,—,0,0,—,0,0,—,0", lines);

        // Satisfaction as XLSX: the group below the minimum comes last, marked 样本不足; the officer's file holds their county's groups only.
        var xlsx = await (await host.ClientAsAsync(PutuoOfficer)).GetAsync($"/api/dashboard/satisfaction/export?format=xlsx&{Period}");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        await using var sheet = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var rows = sheet.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal([(Health, "充足"), (Silver, "样本不足")], rows.Select(r => (r["编码"]?.ToString(), r["样本"]?.ToString())));
    }

    [Theory]
    [InlineData("/api/dashboard/hot-services?from=2025-3-1", "from")]
    [InlineData("/api/dashboard/hot-services?from=2025-03-31&to=2025-03-01", "to")]
    [InlineData("/api/dashboard/kpis?from=2023-01-01&to=2025-03-01", "to")]
    [InlineData("/api/dashboard/kpis?groupBy=island", "groupBy")]
    [InlineData("/api/dashboard/satisfaction?groupBy=county", "groupBy")]
    [InlineData("/api/dashboard/satisfaction?minSample=0", "minSample")]
    [InlineData("/api/dashboard/satisfaction?minSample=five", "minSample")]
    [InlineData("/api/dashboard/coverage?month=2025-13", "month")]
    [InlineData("/api/dashboard/weekly?to=9999-12-31", "to")]
    [InlineData("/api/dashboard/channels?function=fishing", "function")]
    [InlineData("/api/dashboard/kpis/export?format=pdf", "format")]
    [InlineData("/api/tickets/export?format=pdf", "format")]
    [InlineData("/api/tickets/export?status=Done", "status")]
    public async Task ABadQueryValue_Is400NamingTheField(string url, string field)
    {
        var response = await (await host.ClientAsAsync(Admin)).GetAsync(url);
        var errors = await CaseSetup.ErrorsOf(response);
        Assert.True(errors.TryGetProperty(field, out _), $"{url}: {errors}");
    }

    [Fact]
    public async Task TheDashboard_IsForAdministratorsAndCountyOfficers_InsideTheirArea()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await (await host.ClientAsAsync(PutuoCaseworker)).GetAsync("/api/dashboard/kpis")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await host.ClientAsAsync(Hotline)).GetAsync("/api/dashboard/hot-services")).StatusCode);
        var officer = await host.ClientAsAsync(PutuoOfficer);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync("/api/dashboard/kpis?jurisdictionId=changbai")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync("/api/dashboard/nothing/export")).StatusCode);
    }
}

// Each database gets a host of its own: the figures count every ticket in it, so no other class's tickets may be there.
public sealed class SqliteDashboardFacts(SqliteHost host) : DashboardFacts(host), IClassFixture<SqliteHost>;

public sealed class PostgresDashboardFacts(PostgresHost host) : DashboardFacts(host), IClassFixture<PostgresHost>;
