namespace CaseHub.Core.Catalog;

/// <summary>The definitions under <c>workflows/</c> that every module may use: one approval then dispatch, or dispatch at once.</summary>
public static class SharedWorkflows
{
    public const string ApprovalDispatch = "casehub.approval-dispatch";
    public const string DirectDispatch = "casehub.direct-dispatch";

    public static string For(bool needsApproval) => needsApproval ? ApprovalDispatch : DirectDispatch;
}
