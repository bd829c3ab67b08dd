using ContactBox.Domain.Common;

namespace ContactBox.Domain.Privacy;

/// <summary>What the daily retention sweep does with a contact that no purpose holds any more.</summary>
public enum RetentionAction
{
    /// <summary>Mark it for a member to review (the default).</summary>
    FlagForReview,
    /// <summary>Erase it as <c>eraseContact</c> would.</summary>
    Erase,
}

/// <summary>A workspace's privacy settings; one row per workspace, created on first change.</summary>
public sealed class PrivacySettings : WorkspaceEntity
{
    public RetentionAction RetentionAction { get; private set; } = RetentionAction.FlagForReview;

    public void Change(RetentionAction retentionAction) => RetentionAction = retentionAction;
}
