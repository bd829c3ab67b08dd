namespace ContactBox.Domain.Common;

/// <summary>Maximum lengths, shared by the entity rules and the database columns.</summary>
public static class Limits
{
    public const int Name = 200;
    public const int ShortText = 100;
    public const int Label = 50;
    public const int Email = 254;
    public const int Phone = 50;
    public const int Url = 2048;
    public const int Subject = 500;
    public const int Body = 100_000;
    public const int Tag = 100;
    public const int ExternalId = 100;
    public const int CountryCode = 2;
    public const int TimeZone = 64;
    public const int MaxTags = 100;
    public const int MaxContactPoints = 20;
    public const int MaxParticipants = 200;
}
