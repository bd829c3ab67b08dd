namespace ContactBox.Domain.Export;

/// <summary>The shape of an export file: for a spreadsheet or mail merge, or for a newsletter service's import.</summary>
public enum ExportPreset
{
    /// <summary>RFC 4180: comma, UTF-8 without BOM, CRLF.</summary>
    GenericCsv,
    /// <summary>Word/LibreOffice/Excel in a German locale: semicolon, UTF-8 with BOM, CRLF, German headers.</summary>
    MailMerge,
    /// <summary>Mailchimp's audience import: comma, UTF-8, Mailchimp's column names.</summary>
    Mailchimp,
    /// <summary>Rapidmail's recipient import: semicolon, UTF-8, rapidmail's column names.</summary>
    Rapidmail,
}

public static class ExportPresets
{
    /// <summary>Files for a newsletter service: addresses must be mailable, values go as they are.</summary>
    public static bool IsNewsletter(this ExportPreset preset) => preset is ExportPreset.Mailchimp or ExportPreset.Rapidmail;

    /// <summary>Files opened in a spreadsheet, where a leading = + - @ would run as a formula.</summary>
    public static bool IsSpreadsheetBound(this ExportPreset preset) => !preset.IsNewsletter();
}
