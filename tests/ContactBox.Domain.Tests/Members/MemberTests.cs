using ContactBox.Domain.Common;
using ContactBox.Domain.Members;

namespace ContactBox.Domain.Tests.Members;

public sealed class MemberTests
{
    [Theory]
    [InlineData(MemberRoles.Member, MemberRoles.Member)]
    [InlineData(MemberRoles.Dpo, MemberRoles.Member | MemberRoles.Dpo)]
    [InlineData(MemberRoles.Admin | MemberRoles.Dpo, MemberRoles.Member | MemberRoles.Dpo | MemberRoles.Admin)]
    public void The_roles_of_a_member_always_include_Member(MemberRoles given, MemberRoles kept)
    {
        var member = new Member("Erika Mustermann", "erika@example.de", given);

        Assert.Equal(kept, member.Roles);
    }

    [Fact]
    public void Changing_roles_also_keeps_Member()
    {
        var member = new Member("Erika Mustermann", "erika@example.de", MemberRoles.Admin);

        member.ChangeRoles(MemberRoles.Dpo);

        Assert.Equal(MemberRoles.Member | MemberRoles.Dpo, member.Roles);
    }

    [Fact]
    public void No_role_at_all_is_rejected()
    {
        var error = Assert.Throws<DomainValidationException>(() => new Member("Erika Mustermann", "erika@example.de", MemberRoles.None));

        Assert.Equal("roles", error.Field);
        Assert.Equal("A member needs at least one role.", error.Message);
    }

    [Fact]
    public void A_new_member_is_active_with_a_trimmed_name_and_email()
    {
        var member = new Member(" Erika Mustermann ", " erika@example.de ", MemberRoles.Member);

        Assert.True(member.IsActive);
        Assert.Equal("Erika Mustermann", member.Name);
        Assert.Equal("erika@example.de", member.Email);
    }

    [Theory]
    [InlineData("erika@example")]
    [InlineData("erika.example.de")]
    public void An_invalid_email_is_rejected(string email)
    {
        var error = Assert.Throws<DomainValidationException>(() => new Member("Erika Mustermann", email, MemberRoles.Member));

        Assert.Equal("email", error.Field);
        Assert.Equal($"'{email}' is not a valid e-mail address.", error.Message);
    }

    [Fact]
    public void Changing_to_an_invalid_email_keeps_the_old_one()
    {
        var member = new Member("Erika Mustermann", "erika@example.de", MemberRoles.Member);

        var error = Assert.Throws<DomainValidationException>(() => member.ChangeEmail("erika@"));

        Assert.Equal("email", error.Field);
        Assert.Equal("erika@example.de", member.Email);
    }

    [Fact]
    public void A_member_needs_a_name()
    {
        var error = Assert.Throws<DomainValidationException>(() => new Member(" ", "erika@example.de", MemberRoles.Member));

        Assert.Equal("name", error.Field);
        Assert.Equal("name is required.", error.Message);
    }
}
