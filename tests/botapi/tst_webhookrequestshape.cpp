// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The exact shape of the requests WebhookCalls sends (JSON fields left out when empty, the
// multipart form with its certificate part), captured by a small HTTP server on loopback.
#include "botapiclient.h"
#include "webhookcapture.h"
#include "webhooksettings.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSslCertificate>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace UpdateInspector;
using namespace Qt::StringLiterals;

namespace {
// One captured request: the headers that matter and the body as sent.
struct Captured
{
    QByteArray contentType;
    QByteArray body;
};

// An HTTP server that records each request and answers like a Bot API that set the webhook.
struct CaptureServer
{
    QHttpServer http;
    QTcpServer *tcp = nullptr; // owned by `http` once bound
    QList<Captured> requests;

    bool listen(QObject *context)
    {
        auto server = std::make_unique<QTcpServer>();
        if (!server->listen(QHostAddress::LocalHost, 0) || !http.bind(server.get()))
            return false;
        tcp = server.release();
        http.setMissingHandler(context, [this](const QHttpServerRequest &request, QHttpServerResponder &responder) {
            requests.append({request.value("Content-Type"), request.body()});
            responder.write(QByteArrayLiteral("{\"ok\":true,\"result\":true,\"description\":\"Webhook was set\"}"),
                            "application/json");
        });
        return true;
    }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(tcp->serverPort())); }
};

struct FormPart
{
    QByteArray disposition;
    QByteArray contentType;
    QByteArray body;
};

// A multipart/form-data body split into its parts, keyed by the name in Content-Disposition.
QHash<QByteArray, FormPart> splitForm(const QByteArray &contentType, const QByteArray &body)
{
    QHash<QByteArray, FormPart> parts;
    const qsizetype at = contentType.indexOf("boundary=");
    if (at < 0)
        return parts;
    QByteArray boundary = contentType.mid(at + 9);
    if (boundary.startsWith('"'))
        boundary = boundary.mid(1, boundary.size() - 2);
    const QByteArray delimiter = "--" + boundary;
    qsizetype position = body.indexOf(delimiter);
    while (position >= 0) {
        const qsizetype start = position + delimiter.size();
        if (body.mid(start, 2) == "--")
            break;
        const qsizetype next = body.indexOf(delimiter, start);
        if (next < 0)
            break;
        // "\r\n" headers "\r\n\r\n" body "\r\n"
        const QByteArray part = body.mid(start + 2, next - start - 4);
        const qsizetype split = part.indexOf("\r\n\r\n");
        FormPart form;
        for (const QByteArray &line : part.left(split).split('\n')) {
            const QByteArray trimmed = line.trimmed();
            if (trimmed.toLower().startsWith("content-disposition:"))
                form.disposition = trimmed.mid(20).trimmed();
            else if (trimmed.toLower().startsWith("content-type:"))
                form.contentType = trimmed.mid(13).trimmed();
        }
        form.body = part.mid(split + 4);
        const qsizetype nameAt = form.disposition.indexOf("name=\"");
        const qsizetype nameEnd = form.disposition.indexOf('"', nameAt + 6);
        const QByteArray name = form.disposition.mid(nameAt + 6, nameEnd - nameAt - 6);
        parts.insert(name, form);
        position = next;
    }
    return parts;
}
} // namespace

class tst_WebhookRequestShape : public QObject
{
    Q_OBJECT

private:
    QNetworkAccessManager m_network;

private Q_SLOTS:
    void jsonRequestShape();
    void multipartRequestShape();
    void derCertificateIsOctetStream();
    void fileNameCannotBreakTheHeader();
};

void tst_WebhookRequestShape::jsonRequestShape()
{
    CaptureServer capture;
    QVERIFY(capture.listen(this));
    BotApiClient client(&m_network);
    client.setEndpoint({capture.url(), kToken, false});

    WebhookSettings settings;
    settings.url = u"https://bot.example.com/hook"_s;
    settings.maxConnections = 0;
    QVERIFY(run(WebhookCalls::setWebhook(client, settings)).finished);
    QCOMPARE(capture.requests.size(), 1);
    QCOMPARE(capture.requests[0].contentType, QByteArray("application/json"));
    // Only the URL: empty and zero values are left out, not sent as "" or 0.
    QCOMPARE(QJsonDocument::fromJson(capture.requests[0].body).object(),
             (QJsonObject{{u"url"_s, settings.url}}));

    settings.maxConnections = 12;
    settings.ipAddress = u"203.0.113.9"_s;
    settings.secretToken = u"abc"_s;
    settings.sendAllowedUpdates = true; // [] is sent: it means the default set
    settings.dropPendingUpdates = true;
    QVERIFY(run(WebhookCalls::setWebhook(client, settings)).finished);
    QCOMPARE(capture.requests.size(), 2);
    const QJsonObject expected{{u"url"_s, settings.url},
                               {u"max_connections"_s, 12},
                               {u"ip_address"_s, u"203.0.113.9"_s},
                               {u"secret_token"_s, u"abc"_s},
                               {u"allowed_updates"_s, QJsonArray()},
                               {u"drop_pending_updates"_s, true}};
    QCOMPARE(QJsonDocument::fromJson(capture.requests[1].body).object(), expected);

    QVERIFY(run(WebhookCalls::deleteWebhook(client, true)).finished);
    QCOMPARE(QJsonDocument::fromJson(capture.requests[2].body).object(),
             (QJsonObject{{u"drop_pending_updates"_s, true}}));
    QVERIFY(run(WebhookCalls::deleteWebhook(client, false)).finished);
    QCOMPARE(QJsonDocument::fromJson(capture.requests[3].body).object(), QJsonObject());
}


void tst_WebhookRequestShape::multipartRequestShape()
{
    CaptureServer capture;
    QVERIFY(capture.listen(this));
    BotApiClient client(&m_network);
    client.setEndpoint({capture.url(), kToken, false});

    WebhookSettings settings;
    settings.url = u"https://bot.example.com:8443/hook"_s;
    settings.certificatePem = readFixture(u"selfsigned-dns.pem"_s);
    settings.certificateFileName = u"my cert.pem"_s;
    settings.maxConnections = 7;
    settings.sendAllowedUpdates = true;
    settings.allowedUpdates = {u"message"_s, u"chat_member"_s};
    settings.dropPendingUpdates = true;
    settings.secretToken = u"t0k_-"_s;
    const Answer answer = run(WebhookCalls::setWebhook(client, settings));
    QCOMPARE(answer.described, u"Webhook was set"_s);

    QCOMPARE(capture.requests.size(), 1);
    const Captured &request = capture.requests[0];
    QVERIFY2(request.contentType.startsWith("multipart/form-data; boundary="), request.contentType.constData());
    const QHash<QByteArray, FormPart> parts = splitForm(request.contentType, request.body);
    QCOMPARE(parts.size(), 6); // url, max_connections, allowed_updates, drop, secret, certificate; no ip_address

    const FormPart certificate = parts.value("certificate");
    QCOMPARE(certificate.disposition, QByteArray("form-data; name=\"certificate\"; filename=\"my cert.pem\""));
    QCOMPARE(certificate.contentType, QByteArray("application/x-pem-file"));
    QCOMPARE(certificate.body, settings.certificatePem);

    QCOMPARE(parts.value("url").body, settings.url.toUtf8());
    QCOMPARE(parts.value("max_connections").body, QByteArray("7"));
    QCOMPARE(parts.value("allowed_updates").body, QByteArray("[\"message\",\"chat_member\"]"));
    QCOMPARE(parts.value("drop_pending_updates").body, QByteArray("true"));
    QCOMPARE(parts.value("secret_token").body, QByteArray("t0k_-"));
    QVERIFY(!parts.contains("ip_address"));
    // Form fields are plain fields, not files.
    QVERIFY(!parts.value("url").disposition.contains("filename"));
}


void tst_WebhookRequestShape::derCertificateIsOctetStream()
{
    CaptureServer capture;
    QVERIFY(capture.listen(this));
    BotApiClient client(&m_network);
    client.setEndpoint({capture.url(), kToken, false});

    const QList<QSslCertificate> pem = QSslCertificate::fromData(readFixture(u"ca-signed.pem"_s));
    QCOMPARE(pem.size(), 1);
    WebhookSettings settings;
    settings.url = u"https://bot.example.com/hook"_s;
    settings.certificatePem = pem.first().toDer();
    QVERIFY(run(WebhookCalls::setWebhook(client, settings)).finished);
    QCOMPARE(capture.requests.size(), 1);
    const FormPart certificate =
        splitForm(capture.requests[0].contentType, capture.requests[0].body).value("certificate");
    QCOMPARE(certificate.contentType, QByteArray("application/octet-stream"));
    QCOMPARE(certificate.body, settings.certificatePem);
    QVERIFY(certificate.disposition.contains("filename=\"certificate.pem\"")); // the default name
}


void tst_WebhookRequestShape::fileNameCannotBreakTheHeader()
{
    CaptureServer capture;
    QVERIFY(capture.listen(this));
    BotApiClient client(&m_network);
    client.setEndpoint({capture.url(), kToken, false});

    WebhookSettings settings;
    settings.url = u"https://bot.example.com/hook"_s;
    settings.certificatePem = readFixture(u"selfsigned-dns.pem"_s);
    settings.certificateFileName = u"evil\"; name=\"url.pem"_s;
    QVERIFY(run(WebhookCalls::setWebhook(client, settings)).finished);
    QCOMPARE(capture.requests.size(), 1);
    const QHash<QByteArray, FormPart> parts = splitForm(capture.requests[0].contentType, capture.requests[0].body);
    QCOMPARE(parts.value("certificate").disposition,
             QByteArray("form-data; name=\"certificate\"; filename=\"evil; name=url.pem\""));
    QCOMPARE(parts.value("url").body, settings.url.toUtf8());
}

QTEST_GUILESS_MAIN(tst_WebhookRequestShape)
#include "tst_webhookrequestshape.moc"
