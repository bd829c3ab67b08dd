using ContactBox.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Persistence.Providers;

/// <summary>SQL Server. Its own type only so that its migrations stay apart.</summary>
public sealed class SqlServerContactBoxDbContext(DbContextOptions<SqlServerContactBoxDbContext> options, CurrentWorkspace workspace)
    : ContactBoxDbContext(options, workspace);
