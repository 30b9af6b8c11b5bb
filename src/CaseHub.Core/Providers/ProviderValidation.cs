using System.Net.Mail;
using CaseHub.Core.Sla;
using CaseHub.Core.Text;

namespace CaseHub.Core.Providers;

/// <summary>Field-by-field checks of provider requests that need no database; every problem is reported at once.</summary>
public static class ProviderValidation
{
    public static readonly string[] Kinds = ["department", "social_org", "volunteer", "enterprise"];

    public static Dictionary<string, string[]> Check(CreateProviderRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Trim().Length > 100) errors["name"] = ["名称必填，最多 100 字 / name is required, at most 100 characters"];
        if (r.NameEn is { Length: > 200 }) errors["nameEn"] = ["英文名最多 200 字 / nameEn may be at most 200 characters"];
        PlainText.OneLine(r.Name, "name", errors);
        PlainText.OneLine(r.NameEn, "nameEn", errors);
        if (r.Kind is null || !Kinds.Contains(r.Kind)) errors["kind"] = [$"须为以下之一 / must be one of: {string.Join(", ", Kinds)}"];
        if (string.IsNullOrWhiteSpace(r.JurisdictionId)) errors["jurisdictionId"] = ["所属辖区必填 / jurisdictionId is required"];
        if (r.JurisdictionIds?.Any(string.IsNullOrWhiteSpace) == true) errors["jurisdictionIds"] = ["辖区编号不能为空 / jurisdiction ids may not be blank"];
        if (r.ServiceCodes?.Any(string.IsNullOrWhiteSpace) == true) errors["serviceCodes"] = ["事项编码不能为空 / service codes may not be blank"];
        return errors;
    }

    /// <summary>The action, reason and deadline of an accreditation step; <paramref name="deadline"/> is set for a notice.</summary>
    public static Dictionary<string, string[]> Check(AccreditationRequest r, DateTimeOffset now, out DateTimeOffset? deadline)
    {
        var errors = new Dictionary<string, string[]>();
        deadline = null;
        if (r.Action is null || !Accreditation.Actions.Contains(r.Action))
            errors["action"] = [$"须为以下之一 / must be one of: {string.Join(", ", Accreditation.Actions)}"];
        if (string.IsNullOrWhiteSpace(r.Reason) || r.Reason.Trim().Length > AccreditationEvent.ReasonMaxLength)
            errors["reason"] = [$"原因必填，最多 {AccreditationEvent.ReasonMaxLength} 字 / reason is required, at most {AccreditationEvent.ReasonMaxLength} characters"];
        if (r.Action is not null && Accreditation.NeedsDeadline(r.Action))
        {
            if (!TimeText.TryRead(r.Deadline, out var at)) errors["deadline"] = ["整改通知须有整改期限（ISO 8601）/ a notice needs a deadline (ISO 8601 date-time)"];
            else if (at <= now) errors["deadline"] = ["整改期限须在将来 / deadline must be in the future"];
            else deadline = at;
        }
        else if (r.Deadline is not null)
            errors["deadline"] = ["只有整改通知带期限 / only a notice takes a deadline"];
        return errors;
    }

    /// <summary>The account fields Identity does not check itself; the password rules are Identity's.</summary>
    public static Dictionary<string, string[]> Check(CreateProviderUserRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(r.Email) || !MailAddress.TryCreate(r.Email.Trim(), out _))
            errors["email"] = ["须为有效的邮箱 / must be a valid email address"];
        if (string.IsNullOrWhiteSpace(r.DisplayName) || r.DisplayName.Length > 100)
            errors["displayName"] = ["必填，最多 100 字 / required, at most 100 characters"];
        if (string.IsNullOrEmpty(r.Password)) errors["password"] = ["必填 / required"];
        return errors;
    }
}
