using System.Text.Json;
using System.Text.Json.Nodes;

namespace CaseHub.Workflows.Definitions;

/// <summary>
/// Reads and writes workflow definitions in the Elsa 3 JSON format. Reading is lenient where Elsa
/// versions differ (connection shape, type names, a byte-order mark) and strict where the engine could
/// not run the result, which it reports as a <see cref="WorkflowFormatException"/> naming the JSON path.
/// </summary>
public static partial class WorkflowJson
{
    private const char ByteOrderMark = '\uFEFF';
    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private static readonly JsonDocumentOptions ReadOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static WorkflowDocument Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        // Files saved by Windows editors start with a BOM, which File.ReadAllText keeps when told a wrong encoding.
        var text = json.Length > 0 && json[0] == ByteOrderMark ? json[1..] : json;
        return Read(() => JsonNode.Parse(text, documentOptions: ReadOptions));
    }

    public static WorkflowDocument Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith(Utf8ByteOrderMark)) utf8 = utf8[Utf8ByteOrderMark.Length..];
        var bytes = utf8.ToArray();
        return Read(() => JsonNode.Parse(bytes, documentOptions: ReadOptions));
    }

    /// <summary>
    /// The document as it was read, with its identity set for storage. Everything else — designer
    /// positions, properties this engine does not know, the connection shape — stays exactly as read,
    /// so a definition survives a round trip through CaseHub unchanged for Elsa Studio.
    /// </summary>
    public static JsonObject Write(WorkflowDocument document, string definitionId, int version, bool isPublished)
    {
        ArgumentNullException.ThrowIfNull(document);
        var json = document.Json.DeepClone().AsObject();
        json["definitionId"] = definitionId;
        json["version"] = version;
        json["isPublished"] = isPublished;
        return json;
    }

    public static string ToJsonString(WorkflowDocument document, string definitionId, int version, bool isPublished, bool indented = true) =>
        Write(document, definitionId, version, isPublished).ToJsonString(indented ? Indented : JsonSerializerOptions.Default);

    private static WorkflowDocument Read(Func<JsonNode?> parse)
    {
        JsonNode? node;
        try
        {
            node = parse();
        }
        catch (JsonException e)
        {
            throw new WorkflowFormatException("$", $"not valid JSON ({e.Message})", e);
        }
        if (node is not JsonObject json) throw new WorkflowFormatException("$", "a workflow definition must be a JSON object.");

        var definitionId = JsonRead.OptionalString(json, "definitionId", "$");
        if (definitionId is not null && !IdGrammar().IsMatch(definitionId))
            throw new WorkflowFormatException("$.definitionId",
                "定义 ID 只能由字母、数字和 . _ - 组成，以字母或数字开头，最长 100 个字符 / a definitionId is 1–100 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit");

        return new WorkflowDocument
        {
            Json = json,
            DefinitionId = definitionId,
            Version = JsonRead.OptionalInt(json, "version", "$") ?? 0,
            Name = JsonRead.OptionalString(json, "name", "$"),
            Variables = ReadVariables(json),
            InputNames = DeclaredNames(json, "inputs"),
            OutputNames = DeclaredNames(json, "outputs"),
            Root = FlowchartJson.Read(json["root"], "$.root"),
        };
    }

    private static List<string> DeclaredNames(JsonObject json, string property) =>
        [.. JsonRead.OptionalArray(json, property, "$").OfType<JsonObject>()
            .Select(i => i["name"] is JsonValue v && v.TryGetValue<string>(out var n) ? n : null).OfType<string>().Where(n => n.Length > 0)];

    private static List<VariableDefinition> ReadVariables(JsonObject json)
    {
        var variables = new List<VariableDefinition>();
        var array = JsonRead.OptionalArray(json, "variables", "$");
        for (var i = 0; i < array.Count; i++)
        {
            var path = $"$.variables[{i}]";
            if (array[i] is not JsonObject variable) throw new WorkflowFormatException(path, "a variable must be an object with name, typeName and value.");
            var name = JsonRead.RequiredString(variable, "name", path);
            var typeName = TypeNames.Normalize(JsonRead.OptionalString(variable, "typeName", path)) ?? "Object";
            variables.Add(new VariableDefinition(name, typeName, variable["value"]?.DeepClone(), JsonRead.OptionalString(variable, "id", path)));
        }
        return variables;
    }

    // Ids travel in URLs and Location headers: Studio's hex ids, Elsa's test names and base64url ids all fit; Chinese,
    // spaces, control characters and 100 KB strings do not.
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial System.Text.RegularExpressions.Regex IdGrammar();
}
