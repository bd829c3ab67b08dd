namespace ContactBox.Domain.CustomFields;

public static class CustomFieldLimits
{
    public const int Key = 50;
    public const int Label = 100;
    public const int Description = 500;
    public const int Text = 1000;
    public const int MaxFields = 200;
    public const int MaxOptions = 500;
}
