using Hotline.Server.Data;
using Npgsql;

namespace Hotline.Tests.Data;

public sealed class ConnectionStringDefaultsTests
{
    [Fact]
    public void Absent_settings_get_the_servers_defaults()
    {
        var builder = new NpgsqlConnectionStringBuilder(DataExtensions.WithoutSessionReset("Host=db;Database=hotline"));
        Assert.Equal((DataExtensions.DefaultMaxPoolSize, DataExtensions.DefaultMaxAutoPrepare, true), (builder.MaxPoolSize, builder.MaxAutoPrepare, builder.NoResetOnClose));
    }

    [Theory]
    [InlineData("Host=db;Maximum Pool Size=7;Max Auto Prepare=0")]
    [InlineData("Host=db;MaxPoolSize=7;MaxAutoPrepare=0")]
    public void Settings_in_the_connection_string_are_kept_whatever_their_spelling(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(DataExtensions.WithoutSessionReset(connectionString));
        Assert.Equal((7, 0), (builder.MaxPoolSize, builder.MaxAutoPrepare));
    }
}
