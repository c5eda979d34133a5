/**
 * What can go wrong with the workstation's encrypted record store, as a closed set of kinds, each
 * with a text for the counsellor and the administrator in Danish and English. Shared by the store
 * (its errors and logs) and the renderer (its catalogue spreads these texts in). No text here ever
 * holds record content or a path.
 */
export const storeErrorKinds = [
  'keychain-unavailable',
  'missing-key',
  'wrong-key',
  'corrupt',
  'locked',
  'disk-full',
  'newer-schema',
  'no-access',
  'io-error',
  'unexpected',
] as const;
export type StoreErrorKind = (typeof storeErrorKinds)[number];

export type StoreMessageKey = `store.${StoreErrorKind}.${'title' | 'action'}` | 'store.blocked';
type StoreMessages = Readonly<Record<StoreMessageKey, string>>;

/**
 * The texts by catalogue key (`store.<kind>.title`, `store.<kind>.action`, and `store.blocked`
 * shown with every one of them), in the renderer catalogue's shape so its `da` and `en` tables
 * can spread them in. `action` is addressed to the administrator and says how to resolve it.
 */
export const storeErrorMessages: { readonly da: StoreMessages; readonly en: StoreMessages } = {
  da: {
    'store.blocked':
      'Du kan ikke arbejde på denne arbejdsstation, før en administrator har løst problemet. Intet er slettet.',
    'store.keychain-unavailable.title': 'Nøgleringen kan ikke nås',
    'store.keychain-unavailable.action':
      'Nøglen til kontaktregistreringerne ligger i styresystemets nøglering, og Tavs kan ikke få adgang til den. Intet er ændret. Administrator: sørg for at brugerens nøglering (GNOME Nøglering/Secret Service, macOS Nøglering eller Windows Legitimationsstyring) kører og er låst op for denne bruger, og genstart Tavs.',
    'store.missing-key.title': 'Nøglen til registreringsfilen mangler',
    'store.missing-key.action':
      'Registreringsfilen findes, men brugerens nøglering har ingen nøgle til den (tjenesten dk.tavs.workstation). Filen er ikke ændret. Administrator: gendan nøgleringen for den brugerkonto, der oprettede filen, eller log ind som den bruger. Er nøglen tabt, kan filens ikke-sendte registreringer ikke læses: flyt filen til side (behold den) og genstart Tavs for at begynde med en tom fil.',
    'store.wrong-key.title': 'Nøglen passer ikke til registreringsfilen',
    'store.wrong-key.action':
      'Nøglen i brugerens nøglering er ikke den, registreringsfilen blev oprettet med. Filen er ikke ændret. Administrator: gendan nøglen for tjenesten dk.tavs.workstation fra den brugerkonto eller sikkerhedskopi, der oprettede filen. Er den rigtige nøgle tabt, så flyt filen til side (behold den) og genstart Tavs for at begynde med en tom fil; dens ikke-sendte registreringer kan ikke læses.',
    'store.corrupt.title': 'Registreringsfilen er beskadiget',
    'store.corrupt.action':
      'Registreringsfilen kan ikke læses (den er beskadiget eller afkortet). Den er ikke ændret. Administrator: tag en kopi af filen og dens -wal-fil til leverandøren, flyt dem til side og genstart Tavs for at begynde med en tom fil. Registreringer i den beskadigede fil, som ikke var sendt til hubben, er tabt, medmindre leverandøren kan redde dem.',
    'store.locked.title': 'Registreringsfilen er i brug',
    'store.locked.action':
      'En anden Tavs (eller et andet program) har registreringsfilen åben. Administrator: luk den anden Tavs, eller log den anden bruger af denne computer, og genstart Tavs. Kører der ingen, så genstart computeren.',
    'store.disk-full.title': 'Disken er fuld',
    'store.disk-full.action':
      'Tavs kan ikke gemme, fordi disken er fuld. Intet, der allerede var gemt, er tabt. Administrator: frigør plads på computerens disk og genstart Tavs.',
    'store.newer-schema.title': 'Registreringsfilen er fra en nyere Tavs',
    'store.newer-schema.action':
      'Registreringsfilen er skrevet af en nyere version af Tavs end denne. Den er ikke ændret. Administrator: installér den nyere version af Tavs igen (nedgradering understøttes ikke).',
    'store.no-access.title': 'Ingen adgang til registreringsfilen',
    'store.no-access.action':
      'Tavs må ikke læse eller skrive i sin datamappe (rettigheder eller en skrivebeskyttet disk). Intet er ændret. Administrator: giv brugeren læse- og skriveadgang til Tavs’ datamappe og genstart Tavs.',
    'store.io-error.title': 'Disken meldte en fejl',
    'store.io-error.action':
      'Computeren meldte en læse- eller skrivefejl på registreringsfilen. Administrator: kontrollér diskens tilstand og genstart Tavs; kommer fejlen igen, så kontakt leverandøren.',
    'store.unexpected.title': 'Uventet fejl i registreringslageret',
    'store.unexpected.action':
      'Administrator: genstart Tavs. Sker det igen, så send logfilen (den indeholder intet fra registreringerne) til leverandøren.',
  },
  en: {
    'store.blocked':
      'You cannot work on this workstation until an administrator has resolved the problem. Nothing was deleted.',
    'store.keychain-unavailable.title': 'The keychain cannot be reached',
    'store.keychain-unavailable.action':
      "The key to the contact records is kept in the operating system's keychain, and Tavs cannot reach it. Nothing was changed. Administrator: make sure the user's keychain (GNOME Keyring/Secret Service, macOS Keychain or Windows Credential Manager) is running and unlocked for this user, then restart Tavs.",
    'store.missing-key.title': 'The key to the records file is missing',
    'store.missing-key.action':
      "The records file exists, but this user's keychain holds no key for it (service dk.tavs.workstation). The file was not changed. Administrator: restore the keychain of the user account that created the file, or log in as that user. If the key is lost, the file's unsent records cannot be read: move the file aside (keep it) and restart Tavs to start with an empty file.",
    'store.wrong-key.title': 'The key does not open the records file',
    'store.wrong-key.action':
      "The key in this user's keychain is not the one the records file was created with. The file was not changed. Administrator: restore the key of service dk.tavs.workstation from the user account or backup that created the file. If the right key is lost, move the file aside (keep it) and restart Tavs to start with an empty file; its unsent records cannot be read.",
    'store.corrupt.title': 'The records file is damaged',
    'store.corrupt.action':
      'The records file cannot be read (it is damaged or truncated). It was not changed. Administrator: copy the file and its -wal file for the supplier, move them aside and restart Tavs to start with an empty file. Records in the damaged file that had not been sent to the hub are lost unless the supplier can recover them.',
    'store.locked.title': 'The records file is in use',
    'store.locked.action':
      'Another Tavs (or another program) has the records file open. Administrator: close the other Tavs, or log the other user out of this computer, then restart Tavs. If none is running, restart the computer.',
    'store.disk-full.title': 'The disk is full',
    'store.disk-full.action':
      "Tavs cannot save because the disk is full. Nothing that was already saved is lost. Administrator: free space on the computer's disk, then restart Tavs.",
    'store.newer-schema.title': 'The records file is from a newer Tavs',
    'store.newer-schema.action':
      'The records file was written by a newer version of Tavs than this one. It was not changed. Administrator: install the newer version of Tavs again (downgrading is not supported).',
    'store.no-access.title': 'No access to the records file',
    'store.no-access.action':
      "Tavs may not read or write its data folder (permissions or a read-only disk). Nothing was changed. Administrator: give the user read and write access to Tavs' data folder, then restart Tavs.",
    'store.io-error.title': 'The disk reported an error',
    'store.io-error.action':
      "The computer reported a read or write error on the records file. Administrator: check the disk's health and restart Tavs; if the error returns, contact the supplier.",
    'store.unexpected.title': 'Unexpected error in the records store',
    'store.unexpected.action':
      'Administrator: restart Tavs. If it happens again, send the log file (it holds nothing from the records) to the supplier.',
  },
};
