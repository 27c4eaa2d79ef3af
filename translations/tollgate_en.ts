<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CollectionStore</name>
    <message numerus="yes">
        <source>&quot;%1&quot; is the only API collection of %n access profile(s): %2. Give them another collection or delete them first.</source>
        <translation>
            <numerusform>&quot;%1&quot; is the only API collection of %Ln access profile: %2. Give them another collection or delete them first.</numerusform>
            <numerusform>&quot;%1&quot; is the only API collection of %Ln access profiles: %2. Give them another collection or delete them first.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tollgate::ui::AccessReportDialog</name>
    <message numerus="yes">
        <source>Saved the access report (%n profile(s)) to %1.</source>
        <translation>
            <numerusform>Saved the access report (%Ln profile) to %1.</numerusform>
            <numerusform>Saved the access report (%Ln profiles) to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tollgate::ui::AuditPage</name>
    <message numerus="yes">
        <source>The audit log is intact: %n event(s) checked.</source>
        <translation>
            <numerusform>The audit log is intact: %Ln event checked.</numerusform>
            <numerusform>The audit log is intact: %Ln events checked.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n event(s) to %1.</source>
        <translation>
            <numerusform>Exported %Ln event to %1.</numerusform>
            <numerusform>Exported %Ln events to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ClientsPage</name>
    <message numerus="yes">
        <source>Delete the client &quot;%1&quot;? The keys of its %n access profile(s) stop working at once. Its audit history stays.</source>
        <translation>
            <numerusform>Delete the client &quot;%1&quot;? The key of its %Ln access profile stops working at once. Its audit history stays.</numerusform>
            <numerusform>Delete the client &quot;%1&quot;? The keys of its %Ln access profiles stop working at once. Its audit history stays.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Marked %n access profile(s) reviewed.</source>
        <translation>
            <numerusform>Marked %Ln access profile reviewed.</numerusform>
            <numerusform>Marked %Ln access profiles reviewed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tollgate::ui::CollectionsPage</name>
    <message numerus="yes">
        <source>Delete the API collection &quot;%1&quot; and its %n endpoint(s)?</source>
        <translation>
            <numerusform>Delete the API collection &quot;%1&quot; and its %Ln endpoint?</numerusform>
            <numerusform>Delete the API collection &quot;%1&quot; and its %Ln endpoints?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n access profile(s) can call it now and will lose access to it.</source>
        <translation>
            <numerusform>%Ln access profile can call it now and will lose access to it.</numerusform>
            <numerusform>%Ln access profiles can call it now and will lose access to it.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tollgate::ui::KeyRevealDialog</name>
    <message numerus="yes">
        <source>Rate limit: %n request(s)</source>
        <translation>
            <numerusform>Rate limit: %Ln request</numerusform>
            <numerusform>Rate limit: %Ln requests</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Usage quota: %n request(s)</source>
        <translation>
            <numerusform>Usage quota: %Ln request</numerusform>
            <numerusform>Usage quota: %Ln requests</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied. The clipboard is cleared in %n second(s).</source>
        <translation>
            <numerusform>Copied. The clipboard is cleared in %Ln second.</numerusform>
            <numerusform>Copied. The clipboard is cleared in %Ln seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tollgate::ui::MainWindow</name>
    <message numerus="yes">
        <source>Key on the clipboard: cleared in %n s</source>
        <translation>
            <numerusform>Key on the clipboard: cleared in %Ln s</numerusform>
            <numerusform>Key on the clipboard: cleared in %Ln s</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ProfileTableModel</name>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%Ln day</numerusform>
            <numerusform>%Ln days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tollgate::ui::UsagePanel</name>
    <message numerus="yes">
        <source>%n request(s) from this address were refused.</source>
        <translation>
            <numerusform>%Ln request from this address were refused.</numerusform>
            <numerusform>%Ln requests from this address were refused.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Peak seen: %n request(s) in a minute (last 48 hours).</source>
        <translation>
            <numerusform>Peak seen: %Ln request in a minute (last 48 hours).</numerusform>
            <numerusform>Peak seen: %Ln requests in a minute (last 48 hours).</numerusform>
        </translation>
    </message>
</context>
</TS>
