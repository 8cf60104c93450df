// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// preflightWebhook without network: every finding present where it belongs and absent where it
// does not. Each row lists the exact findings expected ("Severity|field|a piece of the message").
// Certificates are the fixtures in tests/data/certs (see its README).
#include "webhookpreflight.h"

#include <QFile>
#include <QSslCertificate>
#include <QTest>

using namespace UpdateInspector;
using namespace Qt::StringLiterals;

namespace {
const QUrl kCloud(u"https://api.telegram.org"_s);
const QUrl kLocal(u"http://127.0.0.1:8081"_s);

QByteArray fixture(const QString &name)
{
    if (name.isEmpty())
        return {};
    QFile file(QStringLiteral(UI_TEST_DATA_DIR "/certs/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(file.fileName()));
    return file.readAll();
}

QString severityName(PreflightFinding::Severity severity)
{
    switch (severity) {
    case PreflightFinding::Severity::Problem: return u"Problem"_s;
    case PreflightFinding::Severity::Warning: return u"Warning"_s;
    case PreflightFinding::Severity::Note: return u"Note"_s;
    }
    return {};
}

// Every expected "Severity|field|fragment" matched by a different finding, and no finding left over.
void verifyFindings(const QList<PreflightFinding> &findings, const QStringList &expected)
{
    QStringList shown;
    for (const PreflightFinding &f : findings)
        shown.append(severityName(f.severity) + u'|' + f.field + u'|' + f.message);
    const QByteArray all = shown.join(u"\n   "_s).toUtf8();
    QVERIFY2(findings.size() == expected.size(),
             qPrintable(u"expected:\n   "_s + expected.join(u"\n   "_s) + u"\n got:\n   "_s + QString::fromUtf8(all)));
    QList<bool> used(findings.size(), false);
    for (const QString &wanted : expected) {
        const QStringList parts = wanted.split(u'|');
        bool found = false;
        for (qsizetype i = 0; i < findings.size() && !found; ++i) {
            if (!used[i] && severityName(findings[i].severity) == parts[0] && findings[i].field == parts[1]
                && findings[i].message.contains(parts[2])) {
                used[i] = true;
                found = true;
            }
        }
        QVERIFY2(found, qPrintable(u"expected "_s + wanted + u"\n got:\n   "_s + QString::fromUtf8(all)));
    }
}

WebhookSettings goodSettings()
{
    WebhookSettings settings;
    settings.url = u"https://bot.example.com/hook"_s;
    return settings;
}
} // namespace

class tst_WebhookPreflight : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void isCloudApi_data();
    void isCloudApi();
    void urlAndAddress_data();
    void urlAndAddress();
    void maxConnections_data();
    void maxConnections();
    void secretToken_data();
    void secretToken();
    void allowedUpdates_data();
    void allowedUpdates();
    void certificates_data();
    void certificates();
    void certificateDates();
    void hasProblems();
};

void tst_WebhookPreflight::isCloudApi_data()
{
    QTest::addColumn<QUrl>("base");
    QTest::addColumn<bool>("cloud");
    QTest::newRow("cloud") << kCloud << true;
    QTest::newRow("any scheme and port") << QUrl(u"http://api.telegram.org:8081/"_s) << true;
    QTest::newRow("case and trailing dot") << QUrl(u"https://API.Telegram.org./x"_s) << true;
    QTest::newRow("emulator") << kLocal << false;
    QTest::newRow("local server by name") << QUrl(u"http://botapi.lan:8081"_s) << false;
    QTest::newRow("look-alike") << QUrl(u"https://api.telegram.org.example.com"_s) << false;
    QTest::newRow("other telegram host") << QUrl(u"https://telegram.org"_s) << false;
    QTest::newRow("empty") << QUrl() << false;
}

void tst_WebhookPreflight::isCloudApi()
{
    QFETCH(QUrl, base);
    QFETCH(bool, cloud);
    QCOMPARE(UpdateInspector::isCloudApi(base), cloud);
}

void tst_WebhookPreflight::urlAndAddress_data()
{
    QTest::addColumn<QUrl>("base");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("ipAddress");
    QTest::addColumn<QStringList>("expected");

    const QString good = u"https://bot.example.com/hook"_s;
    QTest::newRow("all good") << kCloud << good << QString() << QStringList();
    QTest::newRow("empty") << kCloud << u"  "_s << QString() << QStringList{u"Problem|url|empty"_s};
    QTest::newRow("unparsable") << kCloud << u"https://exa mple.com/"_s << QString()
                                << QStringList{u"Problem|url|cannot be read"_s};
    QTest::newRow("not absolute") << kCloud << u"bot.example.com/hook"_s << QString()
                                  << QStringList{u"Problem|url|not absolute"_s};
    QTest::newRow("other scheme") << kLocal << u"ftp://bot.example.com/hook"_s << QString()
                                  << QStringList{u"Problem|url|ftp://"_s};
    QTest::newRow("http in the cloud") << kCloud << u"http://bot.example.com/hook"_s << QString()
                                       << QStringList{u"Problem|url|Telegram only delivers to HTTPS URLs"_s};
    QTest::newRow("http on a local server") << kLocal << u"http://127.0.0.1:9000/hook"_s << QString()
                                            << QStringList{u"Note|url|http:// is fine"_s};
    QTest::newRow("port 8080 in the cloud") << kCloud << u"https://bot.example.com:8080/"_s << QString()
                                            << QStringList{u"Problem|url|Port 8080 is not allowed"_s};
    QTest::newRow("port 8080 locally") << kLocal << u"https://bot.example.com:8080/"_s << QString() << QStringList();
    QTest::newRow("port 443") << kCloud << u"https://bot.example.com:443/"_s << QString() << QStringList();
    QTest::newRow("port 80") << kCloud << u"https://bot.example.com:80/"_s << QString() << QStringList();
    QTest::newRow("port 88") << kCloud << u"https://bot.example.com:88/"_s << QString() << QStringList();
    QTest::newRow("port 8443") << kCloud << u"https://bot.example.com:8443/"_s << QString() << QStringList();
    QTest::newRow("private literal host in the cloud")
        << kCloud << u"https://192.168.1.5/hook"_s << QString()
        << QStringList{u"Problem|url|192.168.1.5 is in a private or reserved range"_s};
    QTest::newRow("IPv6 literal host in the cloud") << kCloud << u"https://[2001:db8::1]/hook"_s << QString()
                                                    << QStringList{u"Problem|url|IPv6"_s};
    QTest::newRow("IPv6 literal host locally") << kLocal << u"https://[2001:db8::1]/hook"_s << QString()
                                               << QStringList();
    QTest::newRow("loopback host locally") << kLocal << u"https://127.0.0.1/hook"_s << QString() << QStringList();
    QTest::newRow("ip_address not an IP") << kLocal << good << u"bot.example.com"_s
                                          << QStringList{u"Problem|ip_address|not an IP address"_s};
    QTest::newRow("ip_address private in the cloud")
        << kCloud << good << u"10.0.0.7"_s << QStringList{u"Problem|ip_address|private or reserved"_s};
    QTest::newRow("ip_address CGNAT in the cloud")
        << kCloud << good << u"100.64.1.1"_s << QStringList{u"Problem|ip_address|private or reserved"_s};
    QTest::newRow("ip_address private locally") << kLocal << good << u"10.0.0.7"_s << QStringList();
    QTest::newRow("ip_address IPv6 in the cloud") << kCloud << good << u"2001:db8::5"_s
                                                  << QStringList{u"Problem|ip_address|IPv6"_s};
    QTest::newRow("ip_address public") << kCloud << good << u"149.154.167.220"_s << QStringList();
    QTest::newRow("everything wrong at once")
        << kCloud << u"http://10.1.1.1:8080/"_s << u"nope"_s
        << QStringList{u"Problem|url|HTTPS"_s, u"Problem|url|Port 8080"_s, u"Problem|url|reserved"_s,
                       u"Problem|ip_address|not an IP"_s};
}

void tst_WebhookPreflight::urlAndAddress()
{
    QFETCH(QUrl, base);
    QFETCH(QString, url);
    QFETCH(QString, ipAddress);
    QFETCH(QStringList, expected);
    WebhookSettings settings;
    settings.url = url;
    settings.ipAddress = ipAddress;
    PreflightContext context;
    context.apiBaseUrl = base;
    verifyFindings(preflightWebhook(settings, context), expected);
}

void tst_WebhookPreflight::maxConnections_data()
{
    QTest::addColumn<QUrl>("base");
    QTest::addColumn<int>("maxConnections");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("not sent") << kCloud << 0 << QStringList();
    QTest::newRow("1") << kCloud << 1 << QStringList();
    QTest::newRow("100") << kCloud << 100 << QStringList();
    QTest::newRow("101 in the cloud") << kCloud << 101
                                      << QStringList{u"Warning|max_connections|uses 100 instead"_s};
    QTest::newRow("negative") << kCloud << -1 << QStringList{u"Warning|max_connections|uses 1 instead"_s};
    QTest::newRow("5000 locally") << kLocal << 5000 << QStringList();
    QTest::newRow("100001 locally") << kLocal << 100001
                                    << QStringList{u"Warning|max_connections|uses 100000 instead"_s};
}

void tst_WebhookPreflight::maxConnections()
{
    QFETCH(QUrl, base);
    QFETCH(int, maxConnections);
    QFETCH(QStringList, expected);
    WebhookSettings settings = goodSettings();
    settings.maxConnections = maxConnections;
    PreflightContext context;
    context.apiBaseUrl = base;
    const QList<PreflightFinding> findings = preflightWebhook(settings, context);
    verifyFindings(findings, expected);
    QVERIFY(!UpdateInspector::hasProblems(findings)); // the service clamps: never a blocker
}

void tst_WebhookPreflight::secretToken_data()
{
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("none") << QString() << QStringList();
    QTest::newRow("valid") << u"Abc_-123"_s << QStringList();
    QTest::newRow("space") << u"bad secret"_s << QStringList{u"Problem|secret_token|The secret token may only"_s};
    QTest::newRow("too long") << QString(257, u'a') << QStringList{u"Problem|secret_token|257 characters"_s};
}

void tst_WebhookPreflight::secretToken()
{
    QFETCH(QString, secret);
    QFETCH(QStringList, expected);
    WebhookSettings settings = goodSettings();
    settings.secretToken = secret;
    verifyFindings(preflightWebhook(settings, {}), expected);
}

void tst_WebhookPreflight::allowedUpdates_data()
{
    QTest::addColumn<bool>("send");
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QStringList>("expected");
    const QStringList optIns{u"chat_member"_s, u"message_reaction"_s, u"message_reaction_count"_s};
    QTest::newRow("not sent") << false << QStringList() << QStringList();
    QTest::newRow("opt-ins listed") << true << (QStringList{u"message"_s} + optIns) << QStringList();
    QTest::newRow("only message")
        << true << QStringList{u"message"_s}
        << QStringList{u"Note|allowed_updates|leaves out message_reaction, message_reaction_count, chat_member"_s};
    QTest::newRow("chat_member listed")
        << true << QStringList{u"message"_s, u"chat_member"_s}
        << QStringList{u"Note|allowed_updates|leaves out message_reaction, message_reaction_count. These"_s};
    QTest::newRow("empty list") << true << QStringList()
                                << QStringList{u"Note|allowed_updates|empty allowed_updates means the default set"_s};
    QTest::newRow("misspelt") << true << (QStringList{u"mesage"_s} + optIns)
                              << QStringList{u"Warning|allowed_updates|\"mesage\""_s};
    QTest::newRow("upper case") << true << (QStringList{u"Message"_s} + optIns)
                                << QStringList{u"Warning|allowed_updates|\"Message\""_s};
    QTest::newRow("only unknown names")
        << true << QStringList{u"messages"_s}
        << QStringList{u"Warning|allowed_updates|\"messages\""_s, u"Note|allowed_updates|default set"_s};
}

void tst_WebhookPreflight::allowedUpdates()
{
    QFETCH(bool, send);
    QFETCH(QStringList, names);
    QFETCH(QStringList, expected);
    WebhookSettings settings = goodSettings();
    settings.sendAllowedUpdates = send;
    settings.allowedUpdates = names;
    const QList<PreflightFinding> findings = preflightWebhook(settings, {});
    verifyFindings(findings, expected);
    QVERIFY(!UpdateInspector::hasProblems(findings));
}

void tst_WebhookPreflight::certificates_data()
{
    QTest::addColumn<QUrl>("base");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("uploaded");
    QTest::addColumn<QByteArray>("served");
    QTest::addColumn<QStringList>("expected");

    const QByteArray dns = fixture(u"selfsigned-dns.pem"_s);
    const QByteArray cnOnly = fixture(u"selfsigned-cn-only.pem"_s);
    const QByteArray ipCn = fixture(u"selfsigned-ip-cn.pem"_s);
    const QByteArray caSigned = fixture(u"ca-signed.pem"_s);
    const QByteArray expired = fixture(u"expired.pem"_s);
    const QString bot = u"https://bot.example.com:8443/hook"_s;

    QTest::newRow("self-signed uploaded, SAN matches") << kCloud << bot << dns << QByteArray() << QStringList();
    QTest::newRow("host case does not matter") << kCloud << u"https://BOT.Example.COM/x"_s << dns << QByteArray()
                                               << QStringList();
    QTest::newRow("wildcard, one label") << kCloud << u"https://a.hooks.example.com/x"_s << dns << QByteArray()
                                         << QStringList();
    QTest::newRow("wildcard, two labels")
        << kCloud << u"https://a.b.hooks.example.com/x"_s << dns << QByteArray()
        << QStringList{u"Problem|certificate|not for a.b.hooks.example.com"_s};
    QTest::newRow("wildcard, no label") << kCloud << u"https://hooks.example.com/x"_s << dns << QByteArray()
                                        << QStringList{u"Problem|certificate|not for hooks.example.com"_s};
    QTest::newRow("other host") << kCloud << u"https://www.example.com/x"_s << dns << QByteArray()
                                << QStringList{u"Problem|certificate|is for *.hooks.example.com, bot.example.com, "
                                               u"203.0.113.10, not for www"_s};
    QTest::newRow("SAN IP matches") << kLocal << u"https://203.0.113.10/x"_s << dns << QByteArray() << QStringList();
    QTest::newRow("SAN IP differs") << kLocal << u"https://203.0.113.11/x"_s << dns << QByteArray()
                                    << QStringList{u"Problem|certificate|not for 203.0.113.11"_s};
    QTest::newRow("CN only, matches") << kCloud << u"https://cn-only.example.net/x"_s << cnOnly << QByteArray()
                                      << QStringList();
    QTest::newRow("CN only, differs") << kCloud << u"https://other.example.net/x"_s << cnOnly << QByteArray()
                                      << QStringList{u"Problem|certificate|is for cn-only.example.net"_s};
    QTest::newRow("IP in the CN, matches") << kLocal << u"https://198.51.100.7:8443/x"_s << ipCn << QByteArray()
                                           << QStringList();
    QTest::newRow("IP in the CN, differs") << kLocal << u"https://198.51.100.8:8443/x"_s << ipCn << QByteArray()
                                           << QStringList{u"Problem|certificate|not for 198.51.100.8"_s};
    QTest::newRow("expired") << kCloud << bot << expired << QByteArray()
                             << QStringList{u"Problem|certificate|expired on 2001-01-01 00:00 UTC"_s};
    QTest::newRow("CA-issued uploaded") << kCloud << bot << caSigned << QByteArray()
                                        << QStringList{u"Note|certificate|only needed for self-signed"_s};
    QTest::newRow("unreadable") << kCloud << bot << QByteArray("hello, I am not a certificate") << QByteArray()
                                << QStringList{u"Problem|certificate|cannot be read"_s};
    QTest::newRow("private key inside")
        << kCloud << bot
        << QByteArray(dns + "-----BEGIN PRIVATE KEY-----\nnot-a-real-key\n-----END PRIVATE KEY-----\n")
        << QByteArray() << QStringList{u"Problem|certificate|private key"_s};
    QTest::newRow("over 3 MiB") << kCloud << bot << QByteArray(dns + QByteArray(3 << 20, '\n')) << QByteArray()
                                << QStringList{u"Problem|certificate|3 MiB"_s};
    QTest::newRow("served self-signed, not uploaded")
        << kCloud << bot << QByteArray() << dns
        << QStringList{u"Problem|certificate|Telegram will refuse a self-signed certificate unless you upload it"_s};
    QTest::newRow("served self-signed, uploaded") << kCloud << bot << dns << dns << QStringList();
    QTest::newRow("served CA-issued, not uploaded") << kCloud << bot << QByteArray() << caSigned << QStringList();
    QTest::newRow("served CA-issued, wrong host")
        << kCloud << u"https://www.example.com/x"_s << QByteArray() << caSigned
        << QStringList{u"Problem|certificate|The listener's certificate is for bot.example.com"_s};
    QTest::newRow("served expired, not uploaded")
        << kCloud << bot << QByteArray() << expired
        << QStringList{u"Problem|certificate|unless you upload it"_s,
                       u"Problem|certificate|The listener's certificate expired"_s};
    QTest::newRow("uploaded is not the served one")
        << kCloud << bot << cnOnly << dns
        << QStringList{u"Problem|certificate|not the one the listener presents"_s,
                       u"Problem|certificate|The uploaded certificate is for cn-only.example.net"_s};
    QTest::newRow("served unknown") << kCloud << bot << QByteArray() << QByteArray() << QStringList();
    QTest::newRow("certificate with an http URL")
        << kLocal << u"http://127.0.0.1:9000/hook"_s << dns << dns
        << QStringList{u"Note|url|http:// is fine"_s, u"Warning|certificate|only used with an https:// URL"_s};
    QTest::newRow("served self-signed, URL unreadable")
        << kCloud << u"https://exa mple.com/"_s << QByteArray() << dns
        << QStringList{u"Problem|url|cannot be read"_s, u"Problem|certificate|unless you upload it"_s};
}

void tst_WebhookPreflight::certificates()
{
    QFETCH(QUrl, base);
    QFETCH(QString, url);
    QFETCH(QByteArray, uploaded);
    QFETCH(QByteArray, served);
    QFETCH(QStringList, expected);
    WebhookSettings settings;
    settings.url = url;
    settings.certificatePem = uploaded;
    PreflightContext context;
    context.apiBaseUrl = base;
    verifyFindings(preflightWebhook(settings, context, served), expected);
}

void tst_WebhookPreflight::certificateDates()
{
    const QByteArray pem = fixture(u"selfsigned-dns.pem"_s);
    const QSslCertificate certificate(pem);
    QVERIFY(!certificate.isNull());
    WebhookSettings settings = goodSettings();
    settings.certificatePem = pem;
    PreflightContext context;

    context.now = certificate.effectiveDate().addSecs(60);
    verifyFindings(preflightWebhook(settings, context), {});
    context.now = certificate.effectiveDate().addDays(-1);
    verifyFindings(preflightWebhook(settings, context), {u"Problem|certificate|is not valid before"_s});
    context.now = certificate.expiryDate().addSecs(-60);
    verifyFindings(preflightWebhook(settings, context), {});
    context.now = certificate.expiryDate().addDays(1);
    verifyFindings(preflightWebhook(settings, context), {u"Problem|certificate|expired on"_s});

    // The expired fixture is fine at a time when it was valid: the date is what decides.
    settings.certificatePem = fixture(u"expired.pem"_s);
    context.now = QDateTime(QDate(2000, 6, 1), QTime(12, 0), QTimeZone::UTC);
    verifyFindings(preflightWebhook(settings, context), {});
}

void tst_WebhookPreflight::hasProblems()
{
    QVERIFY(!UpdateInspector::hasProblems({}));
    PreflightFinding note;
    note.severity = PreflightFinding::Severity::Note;
    PreflightFinding warning;
    warning.severity = PreflightFinding::Severity::Warning;
    PreflightFinding problem;
    problem.severity = PreflightFinding::Severity::Problem;
    QVERIFY(!UpdateInspector::hasProblems({note, warning}));
    QVERIFY(UpdateInspector::hasProblems({note, problem, warning}));
    QVERIFY(UpdateInspector::hasProblems({problem}));
}

QTEST_GUILESS_MAIN(tst_WebhookPreflight)
#include "tst_webhookpreflight.moc"
