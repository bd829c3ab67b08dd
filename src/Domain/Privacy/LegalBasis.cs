namespace ContactBox.Domain.Privacy;

/// <summary>The lawful basis of a processing purpose, Art. 6(1)(a)–(f) GDPR.</summary>
public enum LegalBasis
{
    /// <summary>(a) the data subject has given consent.</summary>
    Consent,
    /// <summary>(b) performance of a contract or pre-contractual steps.</summary>
    Contract,
    /// <summary>(c) compliance with a legal obligation.</summary>
    LegalObligation,
    /// <summary>(d) protection of vital interests.</summary>
    VitalInterests,
    /// <summary>(e) a task in the public interest or official authority.</summary>
    PublicTask,
    /// <summary>(f) legitimate interests of the controller or a third party.</summary>
    LegitimateInterests,
}
