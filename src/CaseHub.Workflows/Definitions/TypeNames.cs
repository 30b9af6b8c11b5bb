namespace CaseHub.Workflows.Definitions;

/// <summary>
/// Elsa writes a value's type either as its alias (<c>String</c>) or as an assembly-qualified .NET name
/// (<c>System.String, System.Private.CoreLib</c>), depending on version and on whether the type has an
/// alias. The engine only ever compares aliases, so every type name is reduced to one on reading.
/// </summary>
public static class TypeNames
{
    /// <summary>
    /// <c>"System.String, System.Private.CoreLib"</c> → <c>"String"</c>;
    /// <c>"Elsa.Workflows.Core.Activities.Flowchart.Models.FlowJoinMode, Elsa.Workflows.Core"</c> → <c>"FlowJoinMode"</c>;
    /// an alias stays as it is.
    /// </summary>
    public static string? Normalize(string? typeName)
    {
        if (string.IsNullOrWhiteSpace(typeName)) return typeName;
        var name = typeName.Trim();
        // Generic arguments carry their own ", Assembly" parts inside brackets; only a top-level comma ends the type.
        var depth = 0;
        var end = name.Length;
        var lastDot = -1;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '[') depth++;
            else if (c == ']') depth--;
            else if (depth == 0 && c == ',') { end = i; break; }
            else if (depth == 0 && c is '.' or '+') lastDot = i;
        }
        return name[(lastDot + 1)..end].Trim();
    }
}
