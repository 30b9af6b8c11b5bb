using System.Globalization;
using System.Text.Json;
using CaseHub.Core.Cases;
using CaseHub.Core.Data;

namespace CaseHub.Host.Api;

/// <summary>Checks a task completion before the workflow sees it, naming each bad field.</summary>
public static class TaskValidation
{
    public const int MaxComment = 2000;

    public static async Task<Dictionary<string, string[]>> CheckAsync(CaseTask task, TaskEndpoints.CompleteTaskRequest body, CaseHubDbContext db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var outcomes = task.OutcomeList;
        if (string.IsNullOrWhiteSpace(body.Outcome))
            errors["outcome"] = [$"必填，可选：{string.Join("、", outcomes)} / required, one of: {string.Join(", ", outcomes)}"];
        else if (!outcomes.Contains(body.Outcome, StringComparer.Ordinal))
            errors["outcome"] = [$"须为 {string.Join("、", outcomes)} 之一 / must be one of: {string.Join(", ", outcomes)}"];
        if (body.Comment is { Length: > MaxComment }) errors["comment"] = [$"最多 {MaxComment} 字 / at most {MaxComment} characters"];
        if (body.Data is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
            errors["data"] = ["须为对象 / must be an object"];
        if (errors.Count > 0) return errors;

        var data = body.Data is { ValueKind: JsonValueKind.Object } d ? d : default;
        switch (task.Kind, body.Outcome)
        {
            case (TaskKinds.Dispatch, "Decline") when string.IsNullOrWhiteSpace(body.Comment):
                errors["comment"] = ["拒单须说明原因 / a decline needs a reason"];
                break;
            case (TaskKinds.Dispatch, "Assign"):
                var provider = Text(data, "providerId");
                if (provider is null) errors["data.providerId"] = ["指派须选择服务方 / choose the provider to assign"];
                else if (!await DispatchCandidates.IsContractedAsync(db, provider, ct))
                    errors["data.providerId"] = [$"'{provider}' 不是签约服务方 / is not a contracted provider"];
                break;
            case (TaskKinds.Delivery, _):
                if (Text(data, "servedAt") is { } at && !DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                    errors["data.servedAt"] = ["须为带时区的 ISO-8601 时间 / must be an ISO-8601 time with offset"];
                foreach (var field in new[] { "notes", "servedBy" })
                    if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty(field, out var v) && v.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                        errors[$"data.{field}"] = ["须为文本 / must be text"];
                break;
        }
        return errors;
    }

    private static string? Text(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var v)
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.ValueKind == JsonValueKind.Null ? null : v.GetRawText()
            : null;
}
