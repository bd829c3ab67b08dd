using System.Linq.Expressions;
using ContactBox.Domain.Appointments;
using ContactBox.Domain.Attachments;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Common;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.CustomFields;
using ContactBox.Domain.FollowUps;
using ContactBox.Domain.Members;
using ContactBox.Domain.Privacy;
using ContactBox.Domain.Timeline;
using ContactBox.Domain.Workspaces;
using ContactBox.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Persistence;

/// <summary>
/// The ContactBox database. Every <see cref="IWorkspaceOwned"/> row is filtered to the current workspace here,
/// once, and the <see cref="WorkspaceStampInterceptor"/> refuses writes into another workspace. It also holds
/// the OpenIddict tables (applications, authorizations, scopes, tokens), which belong to no workspace.
/// </summary>
/// <remarks>
/// Migrations exist per provider (one derived context each). Add one to all three with
/// <c>scripts/add-migration.sh NameOfChange</c>.
/// </remarks>
public abstract class ContactBoxDbContext(DbContextOptions options, CurrentWorkspace workspace) : DbContext(options)
{
    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<ContactTag> ContactTags => Set<ContactTag>();
    public DbSet<TimelineEntry> TimelineEntries => Set<TimelineEntry>();
    public DbSet<Appointment> Appointments => Set<Appointment>();
    public DbSet<AppointmentParticipant> AppointmentParticipants => Set<AppointmentParticipant>();
    public DbSet<FollowUp> FollowUps => Set<FollowUp>();
    public DbSet<OAuthClient> OAuthClients => Set<OAuthClient>();
    public DbSet<Attachment> Attachments => Set<Attachment>();

    // Privacy (src/Infrastructure/Privacy)
    public DbSet<ProcessingPurpose> ProcessingPurposes => Set<ProcessingPurpose>();
    public DbSet<ProtectionMeasure> ProtectionMeasures => Set<ProtectionMeasure>();
    public DbSet<ContactSourceType> ContactSourceTypes => Set<ContactSourceType>();
    public DbSet<ContactPrivacy> ContactPrivacy => Set<ContactPrivacy>();
    public DbSet<PurposeAssignment> PurposeAssignments => Set<PurposeAssignment>();
    public DbSet<PrivacySettings> PrivacySettings => Set<PrivacySettings>();
    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();
    public DbSet<AuditChainHead> AuditChainHeads => Set<AuditChainHead>();

    // Custom fields (src/Infrastructure/CustomFields)
    public DbSet<CustomField> CustomFields => Set<CustomField>();
    public DbSet<CustomFieldOption> CustomFieldOptions => Set<CustomFieldOption>();
    public DbSet<CustomFieldValue> CustomFieldValues => Set<CustomFieldValue>();
    public DbSet<CustomFieldValueOption> CustomFieldValueOptions => Set<CustomFieldValueOption>();

    public CurrentWorkspace Workspace { get; } = workspace;

    /// <summary>Read by the query filters; EF turns it into a parameter of every query.</summary>
    private Guid CurrentWorkspaceId => Workspace.Id;

    private static readonly System.Reflection.PropertyInfo CurrentWorkspaceIdProperty =
        typeof(ContactBoxDbContext).GetProperty(nameof(CurrentWorkspaceId), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ContactBoxDbContext).Assembly);

        foreach (var entityType in modelBuilder.Model.GetEntityTypes()
                     .Where(t => typeof(IWorkspaceOwned).IsAssignableFrom(t.ClrType) && t.BaseType is null && !t.IsOwned()))
        {
            var row = Expression.Parameter(entityType.ClrType, "row");
            var filter = Expression.Lambda(
                Expression.Equal(
                    Expression.Property(row, nameof(IWorkspaceOwned.WorkspaceId)),
                    Expression.Property(Expression.Constant(this), CurrentWorkspaceIdProperty)),
                row);
            modelBuilder.Entity(entityType.ClrType).HasQueryFilter(filter);

            // Every row points at its workspace. No cascade: SQL Server refuses the second cascade path
            // (workspace → contact → timeline beside workspace → timeline); removing a workspace is an
            // explicit operation that deletes its rows first.
            modelBuilder.Entity(entityType.ClrType).HasOne(typeof(Workspace)).WithMany().HasForeignKey(nameof(IWorkspaceOwned.WorkspaceId)).OnDelete(DeleteBehavior.Restrict);
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in SQL and safe against reordering.
        configurationBuilder.Properties<ContactKind>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<Salutation>().HaveConversion<string>().HaveMaxLength(10);
        configurationBuilder.Properties<TimelineEntryKind>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<Direction>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<AppointmentStatus>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<MemberRoles>().HaveConversion<string>().HaveMaxLength(100);
        configurationBuilder.Properties<OAuthClientKind>().HaveConversion<string>().HaveMaxLength(20);
    }
}
