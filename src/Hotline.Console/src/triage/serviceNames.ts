// Services by the name people use: the directory's full names are long ("Cellule départementale de prévention et
// d'accompagnement des familles — Préfecture des Bouches-du-Rhône"); a button says "Envoyer à la préfecture des
// Bouches-du-Rhône".

/** The part after the last " — " when there is one (the departmental cell's préfecture), else the whole name. */
export function shortServiceName(name: string): string {
  const parts = name.split(' — ');
  return (parts[parts.length - 1] ?? name).trim();
}

/** "à la préfecture des Bouches-du-Rhône", "au conseil départemental de Vaucluse", "à l’équipe nationale", "à CMER de Tarascon". */
export function frTo(name: string): string {
  const short = shortServiceName(name);
  const lower = short.charAt(0).toLocaleLowerCase('fr') + short.slice(1);
  if (/^(Association|Équipe|Unité)\b/u.test(short)) {
    return `à l’${lower}`;
  }
  if (/^(Préfecture|Cellule|Mairie|Maison|Direction|Mission|Sous-préfecture)\b/u.test(short)) {
    return `à la ${lower}`;
  }
  if (/^(Conseil|Service|Département|Haut-commissariat)\b/u.test(short)) {
    return `au ${lower}`;
  }
  return `à ${short}`;
}
