namespace CaseHub.Core.Catalog;

/// <summary>An item's order form: the fields a resident fills in (six types: text, number, boolean, date, phone, select).</summary>
public sealed record FormSchema(List<FormField>? Fields);

public sealed record FormField(string? Name, string? Label, string? Type, bool? Required, List<string>? Options);
