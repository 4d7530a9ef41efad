using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Hotline.Server.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a database or settings.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<HotlineDbContext>
{
    public HotlineDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<HotlineDbContext>();
        DataExtensions.Configure(options, "Host=localhost;Database=hotline_design");
        return new HotlineDbContext(options.Options);
    }
}
