using ContactBox.Domain.Appointments;
using ContactBox.Domain.Common;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactBox.Infrastructure.Persistence.Configurations;

internal sealed class AppointmentEntityTypeConfiguration : IEntityTypeConfiguration<Appointment>
{
    public void Configure(EntityTypeBuilder<Appointment> builder)
    {
        builder.HasOne<Member>().WithMany().HasForeignKey(a => a.OrganizerId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(a => a.Title).HasMaxLength(Limits.Subject);
        builder.Property(a => a.Description).HasMaxLength(Limits.Body);
        builder.Property(a => a.Location).HasMaxLength(Limits.Name);
        builder.Property(a => a.TimeZone).HasMaxLength(Limits.TimeZone);
        builder.HasMany(a => a.Participants).WithOne().HasForeignKey(p => p.AppointmentId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(a => a.Participants).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasIndex(a => new { a.WorkspaceId, a.StartsAt });
    }
}

internal sealed class AppointmentParticipantEntityTypeConfiguration : IEntityTypeConfiguration<AppointmentParticipant>
{
    public void Configure(EntityTypeBuilder<AppointmentParticipant> builder)
    {
        builder.HasKey(p => new { p.AppointmentId, p.ContactId });
        builder.HasOne<Contact>().WithMany().HasForeignKey(p => p.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.WorkspaceId, p.ContactId });
    }
}
