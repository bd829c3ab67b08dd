namespace ContactBox.Domain.Export;

/// <summary>Why a selected contact was left out of an export.</summary>
public enum ExclusionReason
{
    /// <summary>Processing is restricted (Art. 18).</summary>
    Restricted,
    /// <summary>The purpose rests on consent and the contact has no assignment to it.</summary>
    NoConsent,
    /// <summary>Every assignment of the contact to the purpose was withdrawn.</summary>
    ConsentWithdrawn,
    /// <summary>Every assignment of the contact to the purpose has run out (validUntil passed).</summary>
    ConsentExpired,
    /// <summary>The contact objected to direct marketing (Art. 21) and the export is for marketing.</summary>
    MarketingObjection,
    /// <summary>A newsletter file needs an e-mail address and the contact has none.</summary>
    NoEmailAddress,
    /// <summary>A newsletter file and the address to be exported hard-bounced (soft bounces do not exclude).</summary>
    HardBounce,
}
