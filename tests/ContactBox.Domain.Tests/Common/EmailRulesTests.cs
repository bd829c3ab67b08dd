using System.Net.Mail;
using ContactBox.Domain.Common;

namespace ContactBox.Domain.Tests.Common;

public sealed class EmailRulesTests
{
    /// <summary>
    /// Plain addresses skip <see cref="MailAddress"/>'s parser: every one of these (plain ones and near misses) gets
    /// the answer the full rule gives: accepted unchanged exactly when MailAddress reads it back as the same address
    /// with a dot in the host.
    /// </summary>
    [Theory]
    [InlineData("person0@example.org")]
    [InlineData("Erika.Mustermann@Example.DE")]
    [InlineData("jm+crm@example.de")]
    [InlineData("a_b%c-d@sub-domain.example.co.uk")]
    [InlineData("x@y.z")]
    [InlineData("-x-@-y-.z")]
    [InlineData("a..b@example.org")]
    [InlineData(".a@example.org")]
    [InlineData("a.@example.org")]
    [InlineData("a@example..org")]
    [InlineData("a@.example.org")]
    [InlineData("a@example.org.")]
    [InlineData("a@localhost")]
    [InlineData("a@b@example.org")]
    [InlineData("@example.org")]
    [InlineData("a@")]
    [InlineData("a b@example.org")]
    [InlineData("\"a b\"@example.org")]
    [InlineData("a@[127.0.0.1]")]
    [InlineData("Erika <erika@example.de>")]
    [InlineData("erika@exämple.de")]
    [InlineData("o'brien@example.ie")]
    public void A_plain_address_gets_the_answer_of_the_full_parser(string address)
    {
        var expected = MailAddress.TryCreate(address, out var parsed) && parsed.Address == address && parsed.Host.Contains('.', StringComparison.Ordinal)
            && !address.Any(char.IsWhiteSpace);
        if (expected)
        {
            Assert.Equal(address, EmailRules.Normalize(address, "email"));
        }
        else
        {
            var error = Assert.Throws<DomainValidationException>(() => EmailRules.Normalize(address, "email"));
            Assert.Equal(("email", $"'{address}' is not a valid e-mail address."), (error.Field, error.Message));
        }
    }
}
