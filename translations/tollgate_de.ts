<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AccessReport</name>
    <message>
        <source>must be after the start of the period</source>
        <translation>muss nach dem Beginn des Zeitraums liegen</translation>
    </message>
    <message>
        <source>Overdue (last reviewed %1 by %2)</source>
        <translation>Überfällig (zuletzt überprüft am %1 von %2)</translation>
    </message>
    <message>
        <source>Due (never reviewed)</source>
        <translation>Fällig (nie überprüft)</translation>
    </message>
    <message>
        <source>Reviewed %1 by %2</source>
        <translation>Überprüft am %1 von %2</translation>
    </message>
    <message>
        <source>Not due yet</source>
        <translation>Noch nicht fällig</translation>
    </message>
</context>
<context>
    <name>AccessReportPdf</name>
    <message>
        <source>Tollgate access report</source>
        <translation>Tollgate-Zugriffsbericht</translation>
    </message>
    <message>
        <source>Period (UTC)</source>
        <translation>Zeitraum (UTC)</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>Arbeitsbereich</translation>
    </message>
    <message>
        <source>Produced by</source>
        <translation>Erstellt von</translation>
    </message>
    <message>
        <source>Produced at (UTC)</source>
        <translation>Erstellt am (UTC)</translation>
    </message>
    <message>
        <source>Audit chain head</source>
        <translation>Kopf der Audit-Kette</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <source>Access profiles</source>
        <translation>Zugriffsprofile</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>Collections</source>
        <translation>Sammlungen</translation>
    </message>
    <message>
        <source>Rate limit</source>
        <translation>Ratenlimit</translation>
    </message>
    <message>
        <source>Quota</source>
        <translation>Kontingent</translation>
    </message>
    <message>
        <source>IP whitelist</source>
        <translation>IP-Freigabeliste</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Key age (days)</source>
        <translation>Schlüsselalter (Tage)</translation>
    </message>
    <message>
        <source>Last used (UTC)</source>
        <translation>Zuletzt verwendet (UTC)</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Überprüfung</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Allowed</source>
        <translation>Zugelassen</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Abgewiesen</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keins</translation>
    </message>
    <message>
        <source>any address</source>
        <translation>jede Adresse</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>enabled</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>suspended</source>
        <translation>gesperrt</translation>
    </message>
    <message>
        <source>cannot write a temporary file: %1</source>
        <translation>eine temporäre Datei kann nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <source>Look twice</source>
        <translation>Genauer ansehen</translation>
    </message>
</context>
<context>
    <name>AuditLog</name>
    <message>
        <source>imported audit event %1 does not continue the chain</source>
        <translation>das importierte Audit-Ereignis %1 setzt die Kette nicht fort</translation>
    </message>
    <message>
        <source>event %1 is missing (the log jumps from event %2 to %3)</source>
        <translation>Ereignis %1 fehlt (das Protokoll springt von Ereignis %2 zu %3)</translation>
    </message>
    <message>
        <source>event %1 does not follow event %2: an event was removed or altered</source>
        <translation>Ereignis %1 folgt nicht auf Ereignis %2: ein Ereignis wurde entfernt oder verändert</translation>
    </message>
    <message>
        <source>event %1 was altered after it was recorded</source>
        <translation>Ereignis %1 wurde nach der Aufzeichnung verändert</translation>
    </message>
    <message>
        <source>events %1 to %2 were removed from the end of the log</source>
        <translation>die Ereignisse %1 bis %2 wurden am Ende des Protokolls entfernt</translation>
    </message>
    <message>
        <source>the log&apos;s recorded head does not match event %1</source>
        <translation>der gespeicherte Kopf des Protokolls passt nicht zu Ereignis %1</translation>
    </message>
</context>
<context>
    <name>BulkLoad</name>
    <message>
        <source>each profile needs exactly one key</source>
        <translation>jedes Profil braucht genau einen Schlüssel</translation>
    </message>
</context>
<context>
    <name>ClientDialog</name>
    <message>
        <source>Create new Client</source>
        <translation>Neuen Client anlegen</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>e.g. Demo Team</source>
        <translation>z. B. Demo-Team</translation>
    </message>
    <message>
        <source>Client name</source>
        <translation>Name des Clients</translation>
    </message>
    <message>
        <source>Name problem</source>
        <translation>Problem mit dem Namen</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>&amp;Beschreibung</translation>
    </message>
    <message>
        <source>Client description</source>
        <translation>Beschreibung des Clients</translation>
    </message>
</context>
<context>
    <name>ClientStore</name>
    <message>
        <source>The client &quot;%1&quot;</source>
        <translation>Der Client „%1“</translation>
    </message>
    <message>
        <source>no client has the id %1</source>
        <translation>kein Client hat die ID %1</translation>
    </message>
    <message>
        <source>no client is named &quot;%1&quot;</source>
        <translation>kein Client heißt „%1“</translation>
    </message>
    <message>
        <source>a client named &quot;%1&quot; already exists</source>
        <translation>ein Client namens „%1“ existiert bereits</translation>
    </message>
</context>
<context>
    <name>CollectionDialog</name>
    <message>
        <source>Create new API Collection</source>
        <translation>Neue API-Sammlung anlegen</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>Collection name</source>
        <translation>Name der Sammlung</translation>
    </message>
    <message>
        <source>&amp;Path</source>
        <translation>&amp;Pfad</translation>
    </message>
    <message>
        <source>e.g. employee</source>
        <translation>z. B. employee</translation>
    </message>
    <message>
        <source>Collection path</source>
        <translation>Pfad der Sammlung</translation>
    </message>
    <message>
        <source>&amp;Version</source>
        <translation>&amp;Version</translation>
    </message>
    <message>
        <source>Collection version</source>
        <translation>Version der Sammlung</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>&amp;Beschreibung</translation>
    </message>
    <message>
        <source>Collection description</source>
        <translation>Beschreibung der Sammlung</translation>
    </message>
    <message>
        <source>URL path</source>
        <translation>URL-Pfad</translation>
    </message>
</context>
<context>
    <name>CollectionStore</name>
    <message>
        <source>The API collection &quot;%1&quot;</source>
        <translation>Die API-Sammlung „%1“</translation>
    </message>
    <message>
        <source>no API collection has the id %1</source>
        <translation>keine API-Sammlung hat die ID %1</translation>
    </message>
    <message>
        <source>no API collection is named &quot;%1&quot;</source>
        <translation>keine API-Sammlung heißt „%1“</translation>
    </message>
    <message>
        <source>an API collection named &quot;%1&quot; already exists</source>
        <translation>eine API-Sammlung namens „%1“ existiert bereits</translation>
    </message>
    <message>
        <source>the API collection &quot;%1&quot; already uses the path %2/%3</source>
        <translation>die API-Sammlung „%1“ verwendet den Pfad %2/%3 bereits</translation>
    </message>
    <message numerus="yes">
        <source>&quot;%1&quot; is the only API collection of %n access profile(s): %2. Give them another collection or delete them first.</source>
        <translation>
            <numerusform>„%1“ ist die einzige API-Sammlung von %Ln Zugriffsprofil: %2. Geben Sie ihm zuerst eine andere Sammlung oder löschen Sie es.</numerusform>
            <numerusform>„%1“ ist die einzige API-Sammlung von %Ln Zugriffsprofilen: %2. Geben Sie ihnen zuerst eine andere Sammlung oder löschen Sie sie.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>the SQLite driver for Qt is not installed (Debian package libqt6sql6-sqlite)</source>
        <translation>der SQLite-Treiber für Qt ist nicht installiert (Debian-Paket libqt6sql6-sqlite)</translation>
    </message>
    <message>
        <source>%1 is a directory, not a database file</source>
        <translation>%1 ist ein Verzeichnis, keine Datenbankdatei</translation>
    </message>
    <message>
        <source>the database %1 does not exist; create it with &quot;tollgatectl init --prefix NAME&quot; or &quot;tollgatectl demo&quot;</source>
        <translation>die Datenbank %1 existiert nicht; legen Sie sie mit „tollgatectl init --prefix NAME“ oder „tollgatectl demo“ an</translation>
    </message>
    <message>
        <source>cannot create the directory %1</source>
        <translation>das Verzeichnis %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>cannot create the database file %1</source>
        <translation>die Datenbankdatei %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>cannot open the database %1</source>
        <translation>die Datenbank %1 kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>the PostgreSQL driver for Qt is not installed (Debian package libqt6sql6-psql)</source>
        <translation>der PostgreSQL-Treiber für Qt ist nicht installiert (Debian-Paket libqt6sql6-psql)</translation>
    </message>
    <message>
        <source>cannot connect to PostgreSQL at %1</source>
        <translation>keine Verbindung zu PostgreSQL unter %1</translation>
    </message>
    <message>
        <source>cannot switch the database %1 to WAL mode</source>
        <translation>die Datenbank %1 kann nicht in den WAL-Modus geschaltet werden</translation>
    </message>
    <message>
        <source>the database connection is closed</source>
        <translation>die Datenbankverbindung ist geschlossen</translation>
    </message>
    <message>
        <source>a database statement failed</source>
        <translation>eine Datenbankanweisung ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>cannot prepare a statement</source>
        <translation>eine Anweisung kann nicht vorbereitet werden</translation>
    </message>
    <message>
        <source>the database %1 is locked by another program; try again</source>
        <translation>die Datenbank %1 ist von einem anderen Programm gesperrt; versuchen Sie es erneut</translation>
    </message>
    <message>
        <source>the database %1 is read-only; nothing was changed</source>
        <translation>die Datenbank %1 ist schreibgeschützt; nichts wurde geändert</translation>
    </message>
    <message>
        <source>%1 is damaged or is not a Tollgate database</source>
        <translation>%1 ist beschädigt oder keine Tollgate-Datenbank</translation>
    </message>
    <message>
        <source>an object with the same name already exists</source>
        <translation>ein Objekt mit demselben Namen existiert bereits</translation>
    </message>
    <message>
        <source>a related object was changed or deleted meanwhile</source>
        <translation>ein zugehöriges Objekt wurde inzwischen geändert oder gelöscht</translation>
    </message>
    <message>
        <source>lost the connection to PostgreSQL at %1</source>
        <translation>die Verbindung zu PostgreSQL unter %1 ist abgebrochen</translation>
    </message>
</context>
<context>
    <name>DatabaseUrl</name>
    <message>
        <source>the database URL must not be empty</source>
        <translation>die Datenbank-URL darf nicht leer sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid PostgreSQL URL (postgresql://user:password@host:port/dbname)</source>
        <translation>„%1“ ist keine gültige PostgreSQL-URL (postgresql://benutzer:passwort@host:port/datenbank)</translation>
    </message>
    <message>
        <source>the PostgreSQL URL must name one database (postgresql://host/dbname)</source>
        <translation>die PostgreSQL-URL muss eine Datenbank nennen (postgresql://host/datenbank)</translation>
    </message>
    <message>
        <source>a SQLite URL must be sqlite:///absolute/path.db</source>
        <translation>eine SQLite-URL muss sqlite:///absoluter/pfad.db lauten</translation>
    </message>
    <message>
        <source>unknown database kind in &quot;%1&quot;; use a file path, sqlite:///path or postgresql://...</source>
        <translation>unbekannte Datenbankart in „%1“; verwenden Sie einen Dateipfad, sqlite:///pfad oder postgresql://...</translation>
    </message>
</context>
<context>
    <name>DemoWorkspace</name>
    <message>
        <source>the demo workspace can only be loaded into an empty database</source>
        <translation>der Demo-Arbeitsbereich kann nur in eine leere Datenbank geladen werden</translation>
    </message>
</context>
<context>
    <name>DomainJson</name>
    <message>
        <source>must be a string</source>
        <translation>muss eine Zeichenkette sein</translation>
    </message>
    <message>
        <source>must be a whole number</source>
        <translation>muss eine ganze Zahl sein</translation>
    </message>
    <message>
        <source>must be an ISO 8601 date and time</source>
        <translation>muss ein Datum mit Uhrzeit nach ISO 8601 sein</translation>
    </message>
    <message>
        <source>must be &quot;upstream&quot; or &quot;mock&quot;</source>
        <translation>muss „upstream“ oder „mock“ sein</translation>
    </message>
    <message>
        <source>must be 64 lowercase hex digits</source>
        <translation>muss aus 64 kleingeschriebenen Hexadezimalziffern bestehen</translation>
    </message>
</context>
<context>
    <name>EndpointDialog</name>
    <message>
        <source>Create new Endpoint</source>
        <translation>Neuen Endpunkt anlegen</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>Endpoint name</source>
        <translation>Name des Endpunkts</translation>
    </message>
    <message>
        <source>&amp;Method</source>
        <translation>&amp;Methode</translation>
    </message>
    <message>
        <source>HTTP method</source>
        <translation>HTTP-Methode</translation>
    </message>
    <message>
        <source>&amp;Path</source>
        <translation>&amp;Pfad</translation>
    </message>
    <message>
        <source>e.g. fetch or employees/search</source>
        <translation>z. B. fetch oder employees/search</translation>
    </message>
    <message>
        <source>Endpoint path</source>
        <translation>Pfad des Endpunkts</translation>
    </message>
    <message>
        <source>Full URL</source>
        <translation>Vollständige URL</translation>
    </message>
    <message>
        <source>&amp;Upstream URL</source>
        <translation>&amp;Upstream-URL</translation>
    </message>
    <message>
        <source>Upstream URL</source>
        <translation>Upstream-URL</translation>
    </message>
    <message>
        <source>Timeout in seconds</source>
        <translation>Zeitlimit in Sekunden</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Mock &amp;response</source>
        <translation>Simulierte &amp;Antwort</translation>
    </message>
    <message>
        <source>Mock status code</source>
        <translation>Statuscode der simulierten Antwort</translation>
    </message>
    <message>
        <source>Mock content type</source>
        <translation>Inhaltstyp der simulierten Antwort</translation>
    </message>
    <message>
        <source>Mock response body</source>
        <translation>Inhalt der simulierten Antwort</translation>
    </message>
    <message>
        <source>&amp;Active</source>
        <translation>&amp;Aktiv</translation>
    </message>
</context>
<context>
    <name>EndpointStore</name>
    <message>
        <source>The endpoint &quot;%1&quot;</source>
        <translation>Der Endpunkt „%1“</translation>
    </message>
    <message>
        <source>no endpoint has the id %1</source>
        <translation>kein Endpunkt hat die ID %1</translation>
    </message>
    <message>
        <source>the collection has no endpoint named &quot;%1&quot;</source>
        <translation>die Sammlung hat keinen Endpunkt namens „%1“</translation>
    </message>
    <message>
        <source>the collection already has an endpoint named &quot;%1&quot;</source>
        <translation>die Sammlung hat bereits einen Endpunkt namens „%1“</translation>
    </message>
    <message>
        <source>the endpoint &quot;%1&quot; already answers %2 %3</source>
        <translation>der Endpunkt „%1“ beantwortet bereits %2 %3</translation>
    </message>
    <message>
        <source>the endpoint&apos;s API collection no longer exists</source>
        <translation>die API-Sammlung des Endpunkts existiert nicht mehr</translation>
    </message>
</context>
<context>
    <name>ExportFile</name>
    <message>
        <source>Saved %1.</source>
        <translation>%1 gespeichert.</translation>
    </message>
</context>
<context>
    <name>IpRange</name>
    <message>
        <source>an address or range is required</source>
        <translation>eine Adresse oder ein Bereich ist erforderlich</translation>
    </message>
    <message>
        <source>is too long to be an IP address or range</source>
        <translation>ist zu lang für eine IP-Adresse oder einen Bereich</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IPv4 or IPv6 address</source>
        <translation>„%1“ ist keine IPv4- oder IPv6-Adresse</translation>
    </message>
    <message>
        <source>prefix length &quot;%1&quot; must be a number from 0 to %2</source>
        <translation>die Präfixlänge „%1“ muss eine Zahl von 0 bis %2 sein</translation>
    </message>
    <message>
        <source>an IPv4-mapped range must have a prefix of at least 96</source>
        <translation>ein IPv4-gemappter Bereich braucht eine Präfixlänge von mindestens 96</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has host bits set; the network is %2</source>
        <translation>in „%1“ sind Host-Bits gesetzt; das Netz ist %2</translation>
    </message>
    <message>
        <source>entry &quot;%1&quot;: %2</source>
        <translation>Eintrag „%1“: %2</translation>
    </message>
    <message>
        <source>has %1 entries; at most %2 are allowed</source>
        <translation>hat %1 Einträge; höchstens %2 sind erlaubt</translation>
    </message>
</context>
<context>
    <name>LimitText</name>
    <message>
        <source>%1/second</source>
        <translation>%1/Sekunde</translation>
    </message>
    <message>
        <source>%1/minute</source>
        <translation>%1/Minute</translation>
    </message>
    <message>
        <source>%1/hour</source>
        <translation>%1/Stunde</translation>
    </message>
    <message>
        <source>%1/day</source>
        <translation>%1/Tag</translation>
    </message>
    <message>
        <source>%1/week</source>
        <translation>%1/Woche</translation>
    </message>
    <message>
        <source>%1/month</source>
        <translation>%1/Monat</translation>
    </message>
    <message>
        <source>%1/year</source>
        <translation>%1/Jahr</translation>
    </message>
</context>
<context>
    <name>Limits</name>
    <message>
        <source>number of requests must be a whole number from 1 to %1</source>
        <translation>die Anzahl der Anfragen muss eine ganze Zahl von 1 bis %1 sein</translation>
    </message>
    <message>
        <source>must be written as NUMBER/INTERVAL, for example %1</source>
        <translation>muss als ANZAHL/INTERVALL geschrieben werden, zum Beispiel %1</translation>
    </message>
    <message>
        <source>interval &quot;%1&quot; is not one of second, minute, hour</source>
        <translation>das Intervall „%1“ ist keines von second, minute, hour</translation>
    </message>
    <message>
        <source>interval &quot;%1&quot; is not one of day, week, month, year</source>
        <translation>das Intervall „%1“ ist keines von day, week, month, year</translation>
    </message>
</context>
<context>
    <name>OwnerOnlyFile</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message>
        <source>Create new Access Profile</source>
        <translation>Neues Zugriffsprofil anlegen</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>Access profile name</source>
        <translation>Name des Zugriffsprofils</translation>
    </message>
    <message>
        <source>API &amp;Collections</source>
        <translation>API-&amp;Sammlungen</translation>
    </message>
    <message>
        <source>Filter collections</source>
        <translation>Sammlungen filtern</translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation>&amp;Alle auswählen</translation>
    </message>
    <message>
        <source>API collections the profile may call</source>
        <translation>API-Sammlungen, die das Profil aufrufen darf</translation>
    </message>
    <message>
        <source>Advanced settings</source>
        <translation>Erweiterte Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Rate limit</source>
        <translation>&amp;Ratenlimit</translation>
    </message>
    <message>
        <source>Number of requests</source>
        <translation>Anzahl der Anfragen</translation>
    </message>
    <message>
        <source>Rate limit time interval</source>
        <translation>Zeitintervall des Ratenlimits</translation>
    </message>
    <message>
        <source>Usage &amp;quota</source>
        <translation>Nutzungs&amp;kontingent</translation>
    </message>
    <message>
        <source>Quota number of requests</source>
        <translation>Anfragen im Kontingent</translation>
    </message>
    <message>
        <source>Quota interval</source>
        <translation>Intervall des Kontingents</translation>
    </message>
    <message>
        <source>&amp;IP whitelist</source>
        <translation>&amp;IP-Freigabeliste</translation>
    </message>
    <message>
        <source>One address or CIDR range per line; empty allows any address</source>
        <translation>Eine Adresse oder ein CIDR-Bereich pro Zeile; leer erlaubt jede Adresse</translation>
    </message>
    <message>
        <source>IP whitelist</source>
        <translation>IP-Freigabeliste</translation>
    </message>
    <message>
        <source>Key &amp;expires</source>
        <translation>Schlüssel läuft &amp;ab</translation>
    </message>
    <message>
        <source>Key expiry date</source>
        <translation>Ablaufdatum des Schlüssels</translation>
    </message>
</context>
<context>
    <name>ProfileStore</name>
    <message>
        <source>The access profile &quot;%1&quot;</source>
        <translation>Das Zugriffsprofil „%1“</translation>
    </message>
    <message>
        <source>the stored IP whitelist of %1 is unreadable</source>
        <translation>die gespeicherte IP-Freigabeliste von %1 ist unlesbar</translation>
    </message>
    <message>
        <source>no access profile has the id %1</source>
        <translation>kein Zugriffsprofil hat die ID %1</translation>
    </message>
    <message>
        <source>the client has no access profile named &quot;%1&quot;</source>
        <translation>der Client hat kein Zugriffsprofil namens „%1“</translation>
    </message>
    <message>
        <source>the access profile&apos;s client no longer exists</source>
        <translation>der Client des Zugriffsprofils existiert nicht mehr</translation>
    </message>
    <message>
        <source>one of the selected API collections no longer exists</source>
        <translation>eine der gewählten API-Sammlungen existiert nicht mehr</translation>
    </message>
    <message>
        <source>the client &quot;%1&quot; already has an access profile named &quot;%2&quot;</source>
        <translation>der Client „%1“ hat bereits ein Zugriffsprofil namens „%2“</translation>
    </message>
    <message>
        <source>this key digest is already in use</source>
        <translation>dieser Schlüssel-Hashwert wird bereits verwendet</translation>
    </message>
    <message>
        <source>must not be negative</source>
        <translation>darf nicht negativ sein</translation>
    </message>
    <message>
        <source>no access profile has this key; it is unknown or was revoked</source>
        <translation>kein Zugriffsprofil hat diesen Schlüssel; er ist unbekannt oder wurde widerrufen</translation>
    </message>
    <message>
        <source>no key was given</source>
        <translation>es wurde kein Schlüssel angegeben</translation>
    </message>
    <message>
        <source>is not a Tollgate key: it must be tg_ followed by 46 letters and digits with a valid checksum (a typo, or a truncated copy?)</source>
        <translation>ist kein Tollgate-Schlüssel: er muss aus tg_ und 46 Buchstaben und Ziffern mit gültiger Prüfsumme bestehen (ein Tippfehler oder unvollständig kopiert?)</translation>
    </message>
</context>
<context>
    <name>ReviewFlags</name>
    <message>
        <source>key %1 days old</source>
        <translation>Schlüssel %1 Tage alt</translation>
    </message>
    <message>
        <source>unused for %1 days</source>
        <translation>seit %1 Tagen unbenutzt</translation>
    </message>
    <message>
        <source>never used</source>
        <translation>nie benutzt</translation>
    </message>
    <message>
        <source>never called: %1</source>
        <translation>nie aufgerufen: %1</translation>
    </message>
    <message>
        <source>rate limit %1, peak %2 per minute</source>
        <translation>Ratenlimit %1, Spitze %2 pro Minute</translation>
    </message>
</context>
<context>
    <name>Schema</name>
    <message>
        <source>a backup %1 already exists; not overwriting it</source>
        <translation>eine Sicherung %1 existiert bereits; sie wird nicht überschrieben</translation>
    </message>
    <message>
        <source>cannot back up the database before upgrading it; nothing was changed</source>
        <translation>die Datenbank kann vor der Aktualisierung nicht gesichert werden; nichts wurde geändert</translation>
    </message>
    <message>
        <source>this database has schema version %1, made by a newer Tollgate; this program understands versions up to %2. Upgrade Tollgate to open it.</source>
        <translation>diese Datenbank hat die Schemaversion %1 von einem neueren Tollgate; dieses Programm versteht Versionen bis %2. Aktualisieren Sie Tollgate, um sie zu öffnen.</translation>
    </message>
    <message>
        <source>%1 holds tables of another program; it is not a Tollgate database</source>
        <translation>%1 enthält Tabellen eines anderen Programms; es ist keine Tollgate-Datenbank</translation>
    </message>
    <message>
        <source>the schema version of %1 is unreadable</source>
        <translation>die Schemaversion von %1 ist unlesbar</translation>
    </message>
    <message>
        <source>this database has schema version %1 and needs an upgrade to version %2, which a read-only connection cannot do</source>
        <translation>diese Datenbank hat die Schemaversion %1 und muss auf Version %2 aktualisiert werden, was eine schreibgeschützte Verbindung nicht kann</translation>
    </message>
</context>
<context>
    <name>SettingsStore</name>
    <message>
        <source>the workspace settings are missing from the database</source>
        <translation>die Einstellungen des Arbeitsbereichs fehlen in der Datenbank</translation>
    </message>
    <message>
        <source>the path prefix is already set to &quot;%1&quot; and can never be changed, because every issued URL contains it</source>
        <translation>das Pfadpräfix ist bereits auf „%1“ gesetzt und kann nie geändert werden, weil jede ausgegebene URL es enthält</translation>
    </message>
    <message>
        <source>The workspace settings</source>
        <translation>Die Einstellungen des Arbeitsbereichs</translation>
    </message>
    <message>
        <source>is set only once, with &quot;init&quot;</source>
        <translation>wird nur einmal festgelegt, mit „init“</translation>
    </message>
    <message>
        <source>can never be changed, because every issued URL contains it</source>
        <translation>kann nie geändert werden, weil jede ausgegebene URL es enthält</translation>
    </message>
</context>
<context>
    <name>Store</name>
    <message>
        <source>%1 was changed by someone else since you opened it; reload it and make your change again</source>
        <translation>%1 wurde von jemand anderem geändert, seit Sie es geöffnet haben; laden Sie neu und ändern Sie erneut</translation>
    </message>
    <message>
        <source>%1 no longer exists</source>
        <translation>%1 existiert nicht mehr</translation>
    </message>
</context>
<context>
    <name>Validation</name>
    <message>
        <source>must not be empty</source>
        <translation>darf nicht leer sein</translation>
    </message>
    <message>
        <source>must be at most %1 characters</source>
        <translation>darf höchstens %1 Zeichen lang sein</translation>
    </message>
    <message>
        <source>may contain only letters A-Z, digits, &apos;.&apos;, &apos;_&apos;, &apos;-&apos; and &apos;~&apos;</source>
        <translation>darf nur Buchstaben A-Z, Ziffern, &apos;.&apos;, &apos;_&apos;, &apos;-&apos; und &apos;~&apos; enthalten</translation>
    </message>
    <message>
        <source>must not be &quot;.&quot; or &quot;..&quot;</source>
        <translation>darf nicht „.“ oder „..“ sein</translation>
    </message>
    <message>
        <source>may contain only letters A-Z, digits, &apos;-&apos; and &apos;_&apos;</source>
        <translation>darf nur Buchstaben A-Z, Ziffern, &apos;-&apos; und &apos;_&apos; enthalten</translation>
    </message>
    <message>
        <source>must be at most %1 characters (it has %2)</source>
        <translation>darf höchstens %1 Zeichen lang sein (es sind %2)</translation>
    </message>
    <message>
        <source>must not contain control or bidirectional-override characters</source>
        <translation>darf keine Steuer- oder Richtungsüberschreibungszeichen enthalten</translation>
    </message>
    <message>
        <source>is not a valid URL</source>
        <translation>ist keine gültige URL</translation>
    </message>
    <message>
        <source>must start with http:// or https://</source>
        <translation>muss mit http:// oder https:// beginnen</translation>
    </message>
    <message>
        <source>must not contain a user name or password</source>
        <translation>darf keinen Benutzernamen und kein Passwort enthalten</translation>
    </message>
    <message>
        <source>must be a whole number of days from 1 to %1</source>
        <translation>muss eine ganze Zahl von Tagen von 1 bis %1 sein</translation>
    </message>
    <message>
        <source>must be one of %1</source>
        <translation>muss eines von %1 sein</translation>
    </message>
    <message>
        <source>must not contain empty segments (&quot;//&quot;)</source>
        <translation>darf keine leeren Abschnitte („//“) enthalten</translation>
    </message>
    <message>
        <source>must be a whole number of seconds from 1 to %1</source>
        <translation>muss eine ganze Zahl von Sekunden von 1 bis %1 sein</translation>
    </message>
    <message>
        <source>must be an HTTP status code from 100 to 599</source>
        <translation>muss ein HTTP-Statuscode von 100 bis 599 sein</translation>
    </message>
    <message>
        <source>must be a media type such as application/json</source>
        <translation>muss ein Medientyp wie application/json sein</translation>
    </message>
    <message>
        <source>must be at most 1 MiB</source>
        <translation>darf höchstens 1 MiB groß sein</translation>
    </message>
    <message>
        <source>at least one API collection must be selected</source>
        <translation>mindestens eine API-Sammlung muss ausgewählt sein</translation>
    </message>
    <message>
        <source>must be in the future</source>
        <translation>muss in der Zukunft liegen</translation>
    </message>
    <message>
        <source>must be a date (2027-01-31) or a date and time with a time zone (2027-01-31T18:00:00Z)</source>
        <translation>muss ein Datum (2027-01-31) oder ein Datum mit Uhrzeit und Zeitzone (2027-01-31T18:00:00Z) sein</translation>
    </message>
</context>
<context>
    <name>WorkspaceTransfer</name>
    <message>
        <source>this is not a Tollgate workspace export</source>
        <translation>dies ist kein Export eines Tollgate-Arbeitsbereichs</translation>
    </message>
    <message>
        <source>export format version %1 is not supported (expected %2)</source>
        <translation>die Exportformat-Version %1 wird nicht unterstützt (erwartet: %2)</translation>
    </message>
    <message>
        <source>the target workspace is not empty; import into a new database</source>
        <translation>der Ziel-Arbeitsbereich ist nicht leer; importieren Sie in eine neue Datenbank</translation>
    </message>
    <message>
        <source>names the unknown API collection &quot;%1&quot;</source>
        <translation>nennt die unbekannte API-Sammlung „%1“</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>The Tollgate console.</source>
        <translation>Die Tollgate-Konsole.</translation>
    </message>
    <message>
        <source>Database: a SQLite file or a PostgreSQL URL (default: TOLLGATE_DB, then the one chosen in Settings).</source>
        <translation>Datenbank: eine SQLite-Datei oder eine PostgreSQL-URL (Standard: TOLLGATE_DB, sonst die in den Einstellungen gewählte).</translation>
    </message>
    <message>
        <source>Language of the console: en or de.</source>
        <translation>Sprache der Konsole: en oder de.</translation>
    </message>
    <message>
        <source>--lang: unknown language &quot;%1&quot;; available: %2</source>
        <translation>--lang: unbekannte Sprache „%1“; verfügbar: %2</translation>
    </message>
    <message>
        <source>Tollgate</source>
        <translation>Tollgate</translation>
    </message>
    <message>
        <source>The database cannot be opened:
%1</source>
        <translation>Die Datenbank kann nicht geöffnet werden:
%1</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::AccessReportDialog</name>
    <message>
        <source>Reports (*.csv *.pdf)</source>
        <translation>Berichte (*.csv *.pdf)</translation>
    </message>
    <message>
        <source>Access report</source>
        <translation>Zugriffsbericht</translation>
    </message>
    <message>
        <source>Every client and access profile with its collections, limits, whitelist, key age, last use, review status and the requests in the period, headed by who produced it and when and the audit chain&apos;s head, so that it can be kept as evidence.</source>
        <translation>Jeder Client und jedes Zugriffsprofil mit Sammlungen, Limits, Freigabeliste, Schlüsselalter, letzter Verwendung, Überprüfungsstatus und den Anfragen im Zeitraum, mit Ersteller, Zeitpunkt und dem Kopf der Audit-Kette, damit er als Nachweis aufbewahrt werden kann.</translation>
    </message>
    <message>
        <source>First day of the period (UTC)</source>
        <translation>Erster Tag des Zeitraums (UTC)</translation>
    </message>
    <message>
        <source>&amp;From (UTC)</source>
        <translation>&amp;Von (UTC)</translation>
    </message>
    <message>
        <source>Last day of the period (UTC)</source>
        <translation>Letzter Tag des Zeitraums (UTC)</translation>
    </message>
    <message>
        <source>&amp;To (UTC, inclusive)</source>
        <translation>&amp;Bis (UTC, einschließlich)</translation>
    </message>
    <message>
        <source>File format</source>
        <translation>Dateiformat</translation>
    </message>
    <message>
        <source>PDF (paginated, for the record)</source>
        <translation>PDF (mit Seiten, für die Akten)</translation>
    </message>
    <message>
        <source>CSV (for spreadsheets)</source>
        <translation>CSV (für Tabellenkalkulationen)</translation>
    </message>
    <message>
        <source>F&amp;ormat</source>
        <translation>F&amp;ormat</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren …</translation>
    </message>
    <message>
        <source>To: must not be before From.</source>
        <translation>Bis: darf nicht vor Von liegen.</translation>
    </message>
    <message>
        <source>Reading the workspace…</source>
        <translation>Der Arbeitsbereich wird gelesen …</translation>
    </message>
    <message numerus="yes">
        <source>Saved the access report (%n profile(s)) to %1.</source>
        <translation>
            <numerusform>Zugriffsbericht (%Ln Profil) in %1 gespeichert.</numerusform>
            <numerusform>Zugriffsbericht (%Ln Profile) in %1 gespeichert.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tollgate::ui::AuditPage</name>
    <message>
        <source>Export audit log</source>
        <translation>Audit-Protokoll exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Akteur</translation>
    </message>
    <message>
        <source>Filter by actor</source>
        <translation>Nach Akteur filtern</translation>
    </message>
    <message>
        <source>Filter by action</source>
        <translation>Nach Aktion filtern</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>Alle Aktionen</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>API collections</source>
        <translation>API-Sammlungen</translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation>Endpunkte</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>Access profiles</source>
        <translation>Zugriffsprofile</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>Arbeitsbereich</translation>
    </message>
    <message>
        <source>Object contains</source>
        <translation>Objekt enthält</translation>
    </message>
    <message>
        <source>Filter by object</source>
        <translation>Nach Objekt filtern</translation>
    </message>
    <message>
        <source>&amp;Verify integrity</source>
        <translation>Integrität &amp;prüfen</translation>
    </message>
    <message>
        <source>E&amp;xport CSV…</source>
        <translation>CSV e&amp;xportieren …</translation>
    </message>
    <message>
        <source>Audit events</source>
        <translation>Audit-Ereignisse</translation>
    </message>
    <message>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>Zeit (UTC)</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>Objekt</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>Value before the change</source>
        <translation>Wert vor der Änderung</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Nachher</translation>
    </message>
    <message>
        <source>Value after the change</source>
        <translation>Wert nach der Änderung</translation>
    </message>
    <message numerus="yes">
        <source>The audit log is intact: %n event(s) checked.</source>
        <translation>
            <numerusform>Das Audit-Protokoll ist unversehrt: %Ln Ereignis geprüft.</numerusform>
            <numerusform>Das Audit-Protokoll ist unversehrt: %Ln Ereignisse geprüft.</numerusform>
        </translation>
    </message>
    <message>
        <source>The audit log was tampered with: %1</source>
        <translation>Das Audit-Protokoll wurde manipuliert: %1</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n event(s) to %1.</source>
        <translation>
            <numerusform>%Ln Ereignis nach %1 exportiert.</numerusform>
            <numerusform>%Ln Ereignisse nach %1 exportiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Working</source>
        <translation>In Arbeit</translation>
    </message>
    <message>
        <source>Verifying the audit log…</source>
        <translation>Das Audit-Protokoll wird geprüft …</translation>
    </message>
    <message>
        <source>Exporting the audit log…</source>
        <translation>Das Audit-Protokoll wird exportiert …</translation>
    </message>
    <message>
        <source>Filter by object type</source>
        <translation>Nach Objekttyp filtern</translation>
    </message>
    <message>
        <source>Any object type</source>
        <translation>Jeder Objekttyp</translation>
    </message>
    <message>
        <source>Any text (names and values)</source>
        <translation>Beliebiger Text (Namen und Werte)</translation>
    </message>
    <message>
        <source>Filter by any text</source>
        <translation>Nach beliebigem Text filtern</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>&amp;Von</translation>
    </message>
    <message>
        <source>First day shown (UTC)</source>
        <translation>Erster gezeigter Tag (UTC)</translation>
    </message>
    <message>
        <source>T&amp;o</source>
        <translation>&amp;Bis</translation>
    </message>
    <message>
        <source>Last day shown (UTC)</source>
        <translation>Letzter gezeigter Tag (UTC)</translation>
    </message>
    <message>
        <source>What the event changed</source>
        <translation>Was das Ereignis geändert hat</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>C&amp;hanges</source>
        <translation>Änderun&amp;gen</translation>
    </message>
    <message>
        <source>&amp;JSON</source>
        <translation>&amp;JSON</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ClientDialog</name>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Create client</source>
        <translation>Client anlegen</translation>
    </message>
    <message>
        <source>Edit Client</source>
        <translation>Client bearbeiten</translation>
    </message>
    <message>
        <source>Description: %1</source>
        <translation>Beschreibung: %1</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ClientTableModel</name>
    <message>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Access profiles</source>
        <translation>Zugriffsprofile</translation>
    </message>
    <message>
        <source>Collections</source>
        <translation>Sammlungen</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Last activity</source>
        <translation>Letzte Aktivität</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ClientsPage</name>
    <message>
        <source>Search clients</source>
        <translation>Clients suchen</translation>
    </message>
    <message>
        <source>+ Create new Client</source>
        <translation>+ Neuen Client anlegen</translation>
    </message>
    <message>
        <source>Get Started by creating a new client</source>
        <translation>Legen Sie zum Start einen neuen Client an</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>&amp;Edit client</source>
        <translation>Client &amp;bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Delete client</source>
        <translation>Client &amp;löschen</translation>
    </message>
    <message>
        <source>&lt;b&gt;Access profiles&lt;/b&gt;</source>
        <translation>&lt;b&gt;Zugriffsprofile&lt;/b&gt;</translation>
    </message>
    <message>
        <source>+ Create new Access Profile</source>
        <translation>+ Neues Zugriffsprofil anlegen</translation>
    </message>
    <message>
        <source>Access profiles of the client</source>
        <translation>Zugriffsprofile des Clients</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>Collections</source>
        <translation>Sammlungen</translation>
    </message>
    <message>
        <source>Rate limit</source>
        <translation>Ratenlimit</translation>
    </message>
    <message>
        <source>Quota</source>
        <translation>Kontingent</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>&amp;View key &amp;&amp; usage</source>
        <translation>Schlüssel &amp;&amp; Nutzung &amp;anzeigen</translation>
    </message>
    <message>
        <source>Edit pro&amp;file</source>
        <translation>Pro&amp;fil bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Mark reviewed</source>
        <translation>Als &amp;überprüft markieren</translation>
    </message>
    <message>
        <source>&amp;Regenerate key</source>
        <translation>Schlüssel &amp;neu erzeugen</translation>
    </message>
    <message>
        <source>&amp;Suspend / Resume</source>
        <translation>&amp;Sperren / Freigeben</translation>
    </message>
    <message>
        <source>Delete &amp;profile</source>
        <translation>Profil &amp;löschen</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Gesperrt</translation>
    </message>
    <message>
        <source>Created the client &quot;%1&quot;.</source>
        <translation>Client „%1“ angelegt.</translation>
    </message>
    <message numerus="yes">
        <source>Delete the client &quot;%1&quot;? The keys of its %n access profile(s) stop working at once. Its audit history stays.</source>
        <translation>
            <numerusform>Client „%1“ löschen? Der Schlüssel seines %Ln Zugriffsprofils funktioniert sofort nicht mehr. Sein Audit-Verlauf bleibt erhalten.</numerusform>
            <numerusform>Client „%1“ löschen? Die Schlüssel seiner %Ln Zugriffsprofile funktionieren sofort nicht mehr. Sein Audit-Verlauf bleibt erhalten.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete client</source>
        <translation>Client löschen</translation>
    </message>
    <message>
        <source>Create an API collection first: a profile needs at least one.</source>
        <translation>Legen Sie zuerst eine API-Sammlung an: Ein Profil braucht mindestens eine.</translation>
    </message>
    <message>
        <source>Marked reviewed.</source>
        <translation>Als überprüft markiert.</translation>
    </message>
    <message>
        <source>None: the old key stops now</source>
        <translation>Keine: Der alte Schlüssel endet sofort</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 Stunde</translation>
    </message>
    <message>
        <source>24 hours</source>
        <translation>24 Stunden</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 Tage</translation>
    </message>
    <message>
        <source>Regenerate key</source>
        <translation>Schlüssel neu erzeugen</translation>
    </message>
    <message>
        <source>How long may the old key still be used?</source>
        <translation>Wie lange darf der alte Schlüssel noch verwendet werden?</translation>
    </message>
    <message>
        <source>Delete access profile</source>
        <translation>Zugriffsprofil löschen</translation>
    </message>
    <message>
        <source>Delete &quot;%1&quot;? Its key stops working at once.</source>
        <translation>„%1“ löschen? Sein Schlüssel funktioniert sofort nicht mehr.</translation>
    </message>
    <message>
        <source>Sorting the clients</source>
        <translation>Die Clients werden sortiert</translation>
    </message>
    <message>
        <source>Postman collections (*.json)</source>
        <translation>Postman-Sammlungen (*.json)</translation>
    </message>
    <message>
        <source>Export &amp;Postman collection…</source>
        <translation>&amp;Postman-Sammlung exportieren …</translation>
    </message>
    <message>
        <source>&amp;Mark all profiles reviewed</source>
        <translation>Alle Profile als ü&amp;berprüft markieren</translation>
    </message>
    <message numerus="yes">
        <source>Marked %n access profile(s) reviewed.</source>
        <translation>
            <numerusform>%Ln Zugriffsprofil als überprüft markiert.</numerusform>
            <numerusform>%Ln Zugriffsprofile als überprüft markiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>Nutzung</translation>
    </message>
    <message>
        <source>&amp;Try it…</source>
        <translation>&amp;Ausprobieren …</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::CollectionDialog</name>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Create collection</source>
        <translation>Sammlung anlegen</translation>
    </message>
    <message>
        <source>Edit API Collection</source>
        <translation>API-Sammlung bearbeiten</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::CollectionsPage</name>
    <message>
        <source>+ Create new API Collection</source>
        <translation>+ Neue API-Sammlung anlegen</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>API collections</source>
        <translation>API-Sammlungen</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation>Endpunkte</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>&lt;b&gt;Endpoints&lt;/b&gt;</source>
        <translation>&lt;b&gt;Endpunkte&lt;/b&gt;</translation>
    </message>
    <message>
        <source>+ Create new Endpoint</source>
        <translation>+ Neuen Endpunkt anlegen</translation>
    </message>
    <message>
        <source>Edit endpoint</source>
        <translation>Endpunkt bearbeiten</translation>
    </message>
    <message>
        <source>Delete endpoint</source>
        <translation>Endpunkt löschen</translation>
    </message>
    <message>
        <source>Copy &amp;URL</source>
        <translation>&amp;URL kopieren</translation>
    </message>
    <message>
        <source>Endpoints of the collection</source>
        <translation>Endpunkte der Sammlung</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>Full URL</source>
        <translation>Vollständige URL</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Mock %1</source>
        <translation>Simuliert %1</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message numerus="yes">
        <source>Delete the API collection &quot;%1&quot; and its %n endpoint(s)?</source>
        <translation>
            <numerusform>API-Sammlung „%1“ und ihren %Ln Endpunkt löschen?</numerusform>
            <numerusform>API-Sammlung „%1“ und ihre %Ln Endpunkte löschen?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n access profile(s) can call it now and will lose access to it.</source>
        <translation>
            <numerusform>%Ln Zugriffsprofil kann sie jetzt aufrufen und verliert den Zugriff.</numerusform>
            <numerusform>%Ln Zugriffsprofile können sie jetzt aufrufen und verlieren den Zugriff.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete API collection</source>
        <translation>API-Sammlung löschen</translation>
    </message>
    <message>
        <source>Select or create an API collection first.</source>
        <translation>Wählen Sie zuerst eine API-Sammlung aus oder legen Sie eine an.</translation>
    </message>
    <message>
        <source>Delete the endpoint &quot;%1&quot; (%2 %3)? Calls to it will be answered 404.</source>
        <translation>Endpunkt „%1“ (%2 %3) löschen? Aufrufe werden dann mit 404 beantwortet.</translation>
    </message>
    <message>
        <source>Postman collections (*.json)</source>
        <translation>Postman-Sammlungen (*.json)</translation>
    </message>
    <message>
        <source>Export &amp;Postman collection…</source>
        <translation>&amp;Postman-Sammlung exportieren …</translation>
    </message>
    <message>
        <source>Copy as c&amp;url</source>
        <translation>Als c&amp;url kopieren</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ConsoleSession</name>
    <message>
        <source>Setting up %1 was cancelled.</source>
        <translation>Die Einrichtung von %1 wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Tollgate stays on %1: %2</source>
        <translation>Tollgate bleibt bei %1: %2</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::DatabasePanel</name>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>In Verwendung</translation>
    </message>
    <message>
        <source>Database to switch to</source>
        <translation>Datenbank, zu der gewechselt wird</translation>
    </message>
    <message>
        <source>A SQLite file, or postgresql://user@host:5432/dbname</source>
        <translation>Eine SQLite-Datei oder postgresql://benutzer@host:5432/datenbank</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>D&amp;urchsuchen …</translation>
    </message>
    <message>
        <source>S&amp;witch to</source>
        <translation>&amp;Wechseln zu</translation>
    </message>
    <message>
        <source>Switch &amp;database</source>
        <translation>Date&amp;nbank wechseln</translation>
    </message>
    <message>
        <source>A PostgreSQL password is used for this session only and never saved; the console reads it from ~/.pgpass or PGPASSWORD when it starts.</source>
        <translation>Ein PostgreSQL-Passwort gilt nur für diese Sitzung und wird nie gespeichert; beim Start liest die Konsole es aus ~/.pgpass oder PGPASSWORD.</translation>
    </message>
    <message>
        <source>enter a file path or a URL</source>
        <translation>Geben Sie einen Dateipfad oder eine URL ein</translation>
    </message>
    <message>
        <source>SQLite database</source>
        <translation>SQLite-Datenbank</translation>
    </message>
    <message>
        <source>Tollgate databases (*.db);;All files (*)</source>
        <translation>Tollgate-Datenbanken (*.db);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>Verbindung wird getestet …</translation>
    </message>
    <message>
        <source>%1 does not exist yet; switching creates it.</source>
        <translation>%1 existiert noch nicht; beim Wechseln wird sie angelegt.</translation>
    </message>
    <message>
        <source>Connected to %1: an empty database; switching sets it up.</source>
        <translation>Verbunden mit %1: eine leere Datenbank; beim Wechseln wird sie eingerichtet.</translation>
    </message>
    <message>
        <source>Connected to %1: schema version %2; switching upgrades it to %3.</source>
        <translation>Verbunden mit %1: Schemaversion %2; beim Wechseln wird sie auf %3 aktualisiert.</translation>
    </message>
    <message>
        <source>Connected to %1: a Tollgate workspace.</source>
        <translation>Verbunden mit %1: ein Tollgate-Arbeitsbereich.</translation>
    </message>
    <message>
        <source>Test co&amp;nnection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::EndpointDialog</name>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Create endpoint</source>
        <translation>Endpunkt anlegen</translation>
    </message>
    <message>
        <source>Edit Endpoint</source>
        <translation>Endpunkt bearbeiten</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::FirstStartDialog</name>
    <message>
        <source>Welcome to Tollgate</source>
        <translation>Willkommen bei Tollgate</translation>
    </message>
    <message>
        <source>&lt;b&gt;Set up your workspace&lt;/b&gt;&lt;br&gt;This database is empty. Choose the path prefix of your workspace, or explore Tollgate with a ready-made demo.</source>
        <translation>&lt;b&gt;Arbeitsbereich einrichten&lt;/b&gt;&lt;br&gt;Diese Datenbank ist leer. Wählen Sie das Pfadpräfix Ihres Arbeitsbereichs oder lernen Sie Tollgate mit einer fertigen Demo kennen.</translation>
    </message>
    <message>
        <source>Start with my own &amp;path prefix:</source>
        <translation>Mit eigenem &amp;Pfadpräfix beginnen:</translation>
    </message>
    <message>
        <source>Path prefix</source>
        <translation>Pfadpräfix</translation>
    </message>
    <message>
        <source>e.g. acme</source>
        <translation>z. B. acme</translation>
    </message>
    <message>
        <source>The path prefix is the first part of every URL the gateway answers, and it can never be changed: keys and URLs you hand out depend on it. Letters A-Z, digits, &apos;-&apos; and &apos;_&apos;.</source>
        <translation>Das Pfadpräfix ist der erste Teil jeder URL, die das Gateway beantwortet, und kann nie geändert werden: Schlüssel und URLs, die Sie weitergeben, hängen davon ab. Buchstaben A-Z, Ziffern, &apos;-&apos; und &apos;_&apos;.</translation>
    </message>
    <message>
        <source>Load the HR operations &amp;demo workspace (path prefix &quot;demo&quot;)</source>
        <translation>Den &amp;Demo-Arbeitsbereich HR-Betrieb laden (Pfadpräfix „demo“)</translation>
    </message>
    <message>
        <source>&amp;Get started</source>
        <translation>&amp;Loslegen</translation>
    </message>
    <message>
        <source>Path prefix: %1</source>
        <translation>Pfadpräfix: %1</translation>
    </message>
    <message>
        <source>Your URLs will look like: %1</source>
        <translation>So sehen Ihre URLs aus: %1</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::KeyRevealDialog</name>
    <message>
        <source>per second</source>
        <translation>pro Sekunde</translation>
    </message>
    <message>
        <source>per minute</source>
        <translation>pro Minute</translation>
    </message>
    <message>
        <source>per hour</source>
        <translation>pro Stunde</translation>
    </message>
    <message>
        <source>per day</source>
        <translation>pro Tag</translation>
    </message>
    <message>
        <source>per week</source>
        <translation>pro Woche</translation>
    </message>
    <message>
        <source>per month</source>
        <translation>pro Monat</translation>
    </message>
    <message>
        <source>per year</source>
        <translation>pro Jahr</translation>
    </message>
    <message numerus="yes">
        <source>Rate limit: %n request(s)</source>
        <translation>
            <numerusform>Ratenlimit: %Ln Anfrage</numerusform>
            <numerusform>Ratenlimit: %Ln Anfragen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Usage quota: %n request(s)</source>
        <translation>
            <numerusform>Nutzungskontingent: %Ln Anfrage</numerusform>
            <numerusform>Nutzungskontingent: %Ln Anfragen</numerusform>
        </translation>
    </message>
    <message>
        <source>IP whitelist: %1</source>
        <translation>IP-Freigabeliste: %1</translation>
    </message>
    <message>
        <source>No specific limits have been set for this access profile.</source>
        <translation>Für dieses Zugriffsprofil sind keine besonderen Limits festgelegt.</translation>
    </message>
    <message>
        <source>Close without copying?</source>
        <translation>Ohne Kopieren schließen?</translation>
    </message>
    <message>
        <source>%1 (last used %2)</source>
        <translation>%1 (zuletzt verwendet %2)</translation>
    </message>
    <message>
        <source>%1 (never used)</source>
        <translation>%1 (nie verwendet)</translation>
    </message>
    <message>
        <source>API key for %1 / %2</source>
        <translation>API-Schlüssel für %1 / %2</translation>
    </message>
    <message>
        <source>Key &amp; usage of %1 / %2</source>
        <translation>Schlüssel &amp; Nutzung von %1 / %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;Copy this key now.&lt;/b&gt; It will not be shown again; only its last four characters are kept.</source>
        <translation>&lt;b&gt;Kopieren Sie diesen Schlüssel jetzt.&lt;/b&gt; Er wird nicht noch einmal angezeigt; nur seine letzten vier Zeichen werden aufbewahrt.</translation>
    </message>
    <message>
        <source>The key itself is not stored, only its last four characters. Regenerate the key to issue a new one.</source>
        <translation>Der Schlüssel selbst wird nicht gespeichert, nur seine letzten vier Zeichen. Erzeugen Sie den Schlüssel neu, um einen neuen auszugeben.</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message numerus="yes">
        <source>Copied. The clipboard is cleared in %n second(s).</source>
        <translation>
            <numerusform>Kopiert. Die Zwischenablage wird in %Ln Sekunde geleert.</numerusform>
            <numerusform>Kopiert. Die Zwischenablage wird in %Ln Sekunden geleert.</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;Usage limits&lt;/b&gt;</source>
        <translation>&lt;b&gt;Nutzungslimits&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Accessible API collections:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Zugängliche API-Sammlungen:&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>Endpoints this key can call</source>
        <translation>Endpunkte, die dieser Schlüssel aufrufen kann</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Calls so far</source>
        <translation>Bisherige Aufrufe</translation>
    </message>
    <message>
        <source>&lt;b&gt;Endpoint usage details&lt;/b&gt;</source>
        <translation>&lt;b&gt;Nutzung der Endpunkte&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Example request&lt;/b&gt;</source>
        <translation>&lt;b&gt;Beispielanfrage&lt;/b&gt;</translation>
    </message>
    <message>
        <source>You have not copied the key. It cannot be shown again; you would have to regenerate it. Close anyway?</source>
        <translation>Sie haben den Schlüssel nicht kopiert. Er kann nicht noch einmal angezeigt werden; Sie müssten ihn neu erzeugen. Trotzdem schließen?</translation>
    </message>
    <message>
        <source>Example request</source>
        <translation>Beispielanfrage</translation>
    </message>
    <message>
        <source>Export &amp;Postman collection…</source>
        <translation>&amp;Postman-Sammlung exportieren …</translation>
    </message>
    <message>
        <source>&amp;Try it…</source>
        <translation>&amp;Ausprobieren …</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::LocalGateway</name>
    <message>
        <source>Local gateway: stopped</source>
        <translation>Lokales Gateway: angehalten</translation>
    </message>
    <message>
        <source>Local gateway: starting…</source>
        <translation>Lokales Gateway: startet …</translation>
    </message>
    <message>
        <source>Local gateway: running on 127.0.0.1:%1</source>
        <translation>Lokales Gateway: läuft auf 127.0.0.1:%1</translation>
    </message>
    <message>
        <source>Local gateway: failed (%1)</source>
        <translation>Lokales Gateway: fehlgeschlagen (%1)</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::MainWindow</name>
    <message>
        <source>Tollgate — API Management</source>
        <translation>Tollgate — API-Verwaltung</translation>
    </message>
    <message>
        <source>API C&amp;ollections</source>
        <translation>API-&amp;Sammlungen</translation>
    </message>
    <message>
        <source>&amp;Clients</source>
        <translation>&amp;Clients</translation>
    </message>
    <message>
        <source>Access &amp;Profiles</source>
        <translation>&amp;Zugriffsprofile</translation>
    </message>
    <message>
        <source>&amp;Audit Log</source>
        <translation>&amp;Audit-Protokoll</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Werkzeuge</translation>
    </message>
    <message>
        <source>API &amp;Management</source>
        <translation>API-&amp;Verwaltung</translation>
    </message>
    <message>
        <source>New &amp;Client…</source>
        <translation>Neuer &amp;Client …</translation>
    </message>
    <message>
        <source>New Access &amp;Profile…</source>
        <translation>Neues &amp;Zugriffsprofil …</translation>
    </message>
    <message>
        <source>&amp;Find Client</source>
        <translation>Client &amp;suchen</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>Datenbank: %1</translation>
    </message>
    <message numerus="yes">
        <source>Key on the clipboard: cleared in %n s</source>
        <translation>
            <numerusform>Schlüssel in der Zwischenablage: wird in %Ln s geleert</numerusform>
            <numerusform>Schlüssel in der Zwischenablage: wird in %Ln s geleert</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Usage</source>
        <translation>&amp;Nutzung</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ProfileDialog</name>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Create profile and key</source>
        <translation>Profil und Schlüssel anlegen</translation>
    </message>
    <message>
        <source>Edit Access Profile</source>
        <translation>Zugriffsprofil bearbeiten</translation>
    </message>
    <message>
        <source>Per second</source>
        <translation>Pro Sekunde</translation>
    </message>
    <message>
        <source>Per minute</source>
        <translation>Pro Minute</translation>
    </message>
    <message>
        <source>Per hour</source>
        <translation>Pro Stunde</translation>
    </message>
    <message>
        <source>Per day</source>
        <translation>Pro Tag</translation>
    </message>
    <message>
        <source>Per week</source>
        <translation>Pro Woche</translation>
    </message>
    <message>
        <source>Per month</source>
        <translation>Pro Monat</translation>
    </message>
    <message>
        <source>Per year</source>
        <translation>Pro Jahr</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ProfileTableModel</name>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Any address</source>
        <translation>Jede Adresse</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%Ln Tag</numerusform>
            <numerusform>%Ln Tage</numerusform>
        </translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Überfällig</translation>
    </message>
    <message>
        <source>Due (never reviewed)</source>
        <translation>Fällig (nie überprüft)</translation>
    </message>
    <message>
        <source>Not due yet</source>
        <translation>Noch nicht fällig</translation>
    </message>
    <message>
        <source>Reviewed %1 by %2</source>
        <translation>Überprüft am %1 von %2</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>Collections</source>
        <translation>Sammlungen</translation>
    </message>
    <message>
        <source>Rate limit</source>
        <translation>Ratenlimit</translation>
    </message>
    <message>
        <source>Quota</source>
        <translation>Kontingent</translation>
    </message>
    <message>
        <source>IP whitelist</source>
        <translation>IP-Freigabeliste</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Key age</source>
        <translation>Schlüsselalter</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>Zuletzt verwendet</translation>
    </message>
    <message>
        <source>Review status</source>
        <translation>Überprüfungsstatus</translation>
    </message>
    <message>
        <source>Look twice</source>
        <translation>Genauer ansehen</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ProfilesPage</name>
    <message>
        <source>Client name (exact)</source>
        <translation>Name des Clients (genau)</translation>
    </message>
    <message>
        <source>Filter by client</source>
        <translation>Nach Client filtern</translation>
    </message>
    <message>
        <source>Client:</source>
        <translation>Client:</translation>
    </message>
    <message>
        <source>Filter by API collection</source>
        <translation>Nach API-Sammlung filtern</translation>
    </message>
    <message>
        <source>Can call:</source>
        <translation>Darf aufrufen:</translation>
    </message>
    <message>
        <source>Review &amp;due only</source>
        <translation>Nur fällige &amp;Überprüfungen</translation>
    </message>
    <message>
        <source>Access profiles</source>
        <translation>Zugriffsprofile</translation>
    </message>
    <message>
        <source>Any collection</source>
        <translation>Jede Sammlung</translation>
    </message>
    <message>
        <source>Access &amp;report…</source>
        <translation>Zugriffs&amp;bericht …</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::RowMenu</name>
    <message>
        <source>Actions</source>
        <translation>Aktionen</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::SettingsPage</name>
    <message>
        <source>Path prefix</source>
        <translation>Pfadpräfix</translation>
    </message>
    <message>
        <source>Gateway base URL</source>
        <translation>Basis-URL des Gateways</translation>
    </message>
    <message>
        <source>&amp;Gateway base URL</source>
        <translation>&amp;Basis-URL des Gateways</translation>
    </message>
    <message>
        <source>Access review interval in days</source>
        <translation>Intervall der Zugriffsüberprüfung in Tagen</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>Clipboard clear time in seconds</source>
        <translation>Leeren der Zwischenablage nach Sekunden</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Clear copied keys after</source>
        <translation>Kopierte Schlüssel löschen nach</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>(takes effect when the console starts again)</source>
        <translation>(wirkt beim nächsten Start der Konsole)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>Sprac&amp;he</translation>
    </message>
    <message>
        <source>Local gateway</source>
        <translation>Lokales Gateway</translation>
    </message>
    <message>
        <source>St&amp;op</source>
        <translation>Anha&amp;lten</translation>
    </message>
    <message>
        <source>%1 (set once: it is part of every issued URL)</source>
        <translation>%1 (einmalig festgelegt: Teil jeder ausgegebenen URL)</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
    <message>
        <source>Access review &amp;interval</source>
        <translation>Intervall der Zugriffs&amp;überprüfung</translation>
    </message>
    <message>
        <source>Sa&amp;ve settings</source>
        <translation>Einstellungen &amp;speichern</translation>
    </message>
    <message>
        <source>Sta&amp;rt</source>
        <translation>Sta&amp;rten</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::TryItDialog</name>
    <message>
        <source>Try it</source>
        <translation>Ausprobieren</translation>
    </message>
    <message>
        <source>Endpoint to call</source>
        <translation>Aufzurufender Endpunkt</translation>
    </message>
    <message>
        <source>&amp;Endpoint</source>
        <translation>&amp;Endpunkt</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>Paste a key (tg_…)</source>
        <translation>Schlüssel einfügen (tg_…)</translation>
    </message>
    <message>
        <source>S&amp;how</source>
        <translation>&amp;Zeigen</translation>
    </message>
    <message>
        <source>API &amp;key</source>
        <translation>API-&amp;Schlüssel</translation>
    </message>
    <message>
        <source>Extra request headers, one &quot;Name: value&quot; per line</source>
        <translation>Zusätzliche Anfrage-Header, einer pro Zeile als „Name: Wert“</translation>
    </message>
    <message>
        <source>Name: value (one per line)</source>
        <translation>Name: Wert (einer pro Zeile)</translation>
    </message>
    <message>
        <source>&amp;Headers</source>
        <translation>&amp;Header</translation>
    </message>
    <message>
        <source>Request body</source>
        <translation>Anfrageinhalt</translation>
    </message>
    <message>
        <source>&amp;Body</source>
        <translation>&amp;Inhalt</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>Sen&amp;den</translation>
    </message>
    <message>
        <source>&amp;Cancel request</source>
        <translation>Anfrage a&amp;bbrechen</translation>
    </message>
    <message>
        <source>Response headers</source>
        <translation>Antwort-Header</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Response body</source>
        <translation>Antwortinhalt</translation>
    </message>
    <message>
        <source>API key: paste one first.</source>
        <translation>API-Schlüssel: fügen Sie zuerst einen ein.</translation>
    </message>
    <message>
        <source>Headers: &quot;%1&quot; is not &quot;Name: value&quot;.</source>
        <translation>Header: „%1“ hat nicht die Form „Name: Wert“.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet …</translation>
    </message>
    <message>
        <source>Cancelled after %1 ms.</source>
        <translation>Nach %1 ms abgebrochen.</translation>
    </message>
    <message>
        <source>No answer: %1</source>
        <translation>Keine Antwort: %1</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::UsageChart</name>
    <message>
        <source>Allowed</source>
        <translation>Zugelassen</translation>
    </message>
    <message>
        <source>Endpoint errors</source>
        <translation>Endpunktfehler</translation>
    </message>
    <message>
        <source>Rate limited</source>
        <translation>Ratenlimit erreicht</translation>
    </message>
    <message>
        <source>Quota exceeded</source>
        <translation>Kontingent erschöpft</translation>
    </message>
    <message>
        <source>IP not allowed</source>
        <translation>IP nicht zugelassen</translation>
    </message>
    <message>
        <source>Other refusals</source>
        <translation>Andere Abweisungen</translation>
    </message>
    <message>
        <source>Requests over time</source>
        <translation>Anfragen im Zeitverlauf</translation>
    </message>
    <message>
        <source>No requests in this period.</source>
        <translation>Keine Anfragen in diesem Zeitraum.</translation>
    </message>
    <message>
        <source>%1 requests in the period: %2. Busiest: %3 UTC with %4.</source>
        <translation>%1 Anfragen im Zeitraum: %2. Am meisten: %3 UTC mit %4.</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::UsagePage</name>
    <message>
        <source>All clients (or a client&apos;s exact name)</source>
        <translation>Alle Clients (oder der genaue Name eines Clients)</translation>
    </message>
    <message>
        <source>Client whose usage is shown</source>
        <translation>Client, dessen Nutzung gezeigt wird</translation>
    </message>
    <message>
        <source>C&amp;lient:</source>
        <translation>C&amp;lient:</translation>
    </message>
    <message>
        <source>Access profile whose usage is shown</source>
        <translation>Zugriffsprofil, dessen Nutzung gezeigt wird</translation>
    </message>
    <message>
        <source>Pro&amp;file:</source>
        <translation>Pro&amp;fil:</translation>
    </message>
    <message>
        <source>All access profiles</source>
        <translation>Alle Zugriffsprofile</translation>
    </message>
    <message>
        <source>Usage of every client.</source>
        <translation>Nutzung aller Clients.</translation>
    </message>
    <message>
        <source>All of %1&apos;s profiles</source>
        <translation>Alle Profile von %1</translation>
    </message>
    <message>
        <source>Usage of %1.</source>
        <translation>Nutzung von %1.</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::UsagePanel</name>
    <message>
        <source>Period</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>Letzte 90 Tage</translation>
    </message>
    <message>
        <source>P&amp;eriod:</source>
        <translation>Zeit&amp;raum:</translation>
    </message>
    <message>
        <source>Quota used</source>
        <translation>Verbrauchtes Kontingent</translation>
    </message>
    <message>
        <source>Endpoint usage</source>
        <translation>Nutzung der Endpunkte</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Allowed</source>
        <translation>Zugelassen</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Abgewiesen</translation>
    </message>
    <message>
        <source>Median ms</source>
        <translation>Median ms</translation>
    </message>
    <message>
        <source>95th pct. ms</source>
        <translation>95. Perz. ms</translation>
    </message>
    <message>
        <source>Last call (UTC)</source>
        <translation>Letzter Aufruf (UTC)</translation>
    </message>
    <message>
        <source>Source addresses seen</source>
        <translation>Gesehene Quelladressen</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Last seen (UTC)</source>
        <translation>Zuletzt gesehen (UTC)</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) from this address were refused.</source>
        <translation>
            <numerusform>%Ln Anfrage von dieser Adresse wurde abgewiesen.</numerusform>
            <numerusform>%Ln Anfragen von dieser Adresse wurden abgewiesen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Rate limit: %1.</source>
        <translation>Ratenlimit: %1.</translation>
    </message>
    <message>
        <source>No rate limit.</source>
        <translation>Kein Ratenlimit.</translation>
    </message>
    <message numerus="yes">
        <source>Peak seen: %n request(s) in a minute (last 48 hours).</source>
        <translation>
            <numerusform>Spitze: %Ln Anfrage in einer Minute (letzte 48 Stunden).</numerusform>
            <numerusform>Spitze: %Ln Anfragen in einer Minute (letzte 48 Stunden).</numerusform>
        </translation>
    </message>
    <message>
        <source>No usage quota.</source>
        <translation>Kein Nutzungskontingent.</translation>
    </message>
    <message>
        <source>Quota: %1 of %2 used; resets %3.</source>
        <translation>Kontingent: %1 von %2 verbraucht; zurückgesetzt %3.</translation>
    </message>
    <message>
        <source>Used up.</source>
        <translation>Aufgebraucht.</translation>
    </message>
    <message>
        <source>At this pace it runs out on %1.</source>
        <translation>In diesem Tempo ist es am %1 aufgebraucht.</translation>
    </message>
    <message>
        <source>At this pace it lasts until the reset.</source>
        <translation>In diesem Tempo reicht es bis zum Zurücksetzen.</translation>
    </message>
    <message>
        <source>The %1 busiest of %2 addresses.</source>
        <translation>Die %1 aktivsten von %2 Adressen.</translation>
    </message>
</context>
</TS>
