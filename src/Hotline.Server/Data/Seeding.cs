namespace Hotline.Server.Data;

/// <summary>
/// Reference data a feature derives from code, configuration or official data (not demo data), such as
/// the departmental cells of the directory. Runs in every environment: with the <c>migrate</c> command
/// (production's deployment step) and at Development start-up, after the migrations. Must be idempotent.
/// </summary>
public interface IReferenceDataSeed
{
    Task SeedReferenceAsync(CancellationToken cancellationToken);
}

/// <summary>Invented data for a Development run (demo accounts live in Identity). Never runs elsewhere.</summary>
public interface IDemoDataSeed
{
    Task SeedDemoAsync(CancellationToken cancellationToken);
}

/// <summary>
/// A one-time change to stored rows that code must make (e.g. encrypting a column written in clear by an older
/// version). Runs where reference seeds run, before them: with <c>migrate</c> and at Development start-up.
/// Must be idempotent.
/// </summary>
public interface IDataUpgrade
{
    Task UpgradeAsync(CancellationToken cancellationToken);
}
