namespace ContactBox.Domain.Common;

/// <summary>Rows whose creation and last change (when, by whom) the data layer records.</summary>
public interface IAudited
{
    DateTimeOffset CreatedAt { get; }
    Guid? CreatedById { get; }
    DateTimeOffset UpdatedAt { get; }
    Guid? UpdatedById { get; }
}
