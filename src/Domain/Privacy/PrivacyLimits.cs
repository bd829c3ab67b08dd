namespace ContactBox.Domain.Privacy;

/// <summary>Sizes of the privacy catalog, shared by the rules and the database columns.</summary>
public static class PrivacyLimits
{
    public const int Description = 4000;
    public const int Evidence = 2000;
    public const int DataCategory = 100;
    public const int MaxDataCategories = 50;
    public const int MaxRetentionDays = 36_500;
    public const int Reason = 1000;
}
