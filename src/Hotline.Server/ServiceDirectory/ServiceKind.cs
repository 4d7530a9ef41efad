namespace Hotline.Server.ServiceDirectory;

/// <summary>What a directory service is; routing looks services up by kind.</summary>
public enum ServiceKind
{
    /// <summary>The préfecture's prevention and family-support cell (CPRAF) of one département.</summary>
    DepartementalCell,

    /// <summary>
    /// A commune's municipal cell (CMER). Not a family-support service: it includes intelligence
    /// services, so sending a family there needs a purpose and a legal basis (see DOMAIN.md).
    /// </summary>
    CommuneCell,

    /// <summary>An association mandated by the préfecture for family support.</summary>
    MandatedAssociation,

    /// <summary>The line's own national team: it chooses when routing cannot.</summary>
    NationalTeam,

    /// <summary>The State's representative in an overseas collectivity (975, 977, 978, 984, 986–989), which has no département cell.</summary>
    StateRepresentative,

    /// <summary>
    /// The département's child-protection unit (CRIP, cellule de recueil des informations préoccupantes, CASF L226-3): where
    /// a concern about a minor in danger goes (information préoccupante). Seeded per département, contact to complete.
    /// </summary>
    ChildProtection,
}

public enum ServiceStatus
{
    Active,

    /// <summary>Kept for history (referrals point at it) but never chosen by routing.</summary>
    Inactive,
}

/// <summary>What a service area code is: a département (or collectivity) code, or an INSEE commune code.</summary>
public enum ServiceAreaKind
{
    Departement,
    Commune,
}
