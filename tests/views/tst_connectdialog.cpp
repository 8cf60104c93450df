// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The connect dialog as a user drives it: the token's shape states, the server presets and a
// custom URL, allowed_updates in its three modes, limit and timeout, the production warning, and
// the token kept out of every label and the title.
#include "widgetscreenshot.h"
#include "connectdialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QAbstractItemView>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>

#include <algorithm>

using namespace UpdateInspector;
using FieldState = ConnectDialog::FieldState;
using Preset = ConnectDialog::Preset;
using Mode = ConnectDialog::AllowedUpdatesMode;

namespace {
const QString kToken = QStringLiteral("123456789:TEST-fake-token-not-a-real-bot");
const QString kSecret = QStringLiteral("TEST-fake-token-not-a-real-bot");
const QString kShapeHint = QStringLiteral("expected <bot id>:<secret> as @BotFather gives it");

template<typename T>
T *child(const ConnectDialog &dialog, const QString &name)
{
    T *widget = dialog.findChild<T *>(name);
    if (!widget)
        qWarning("no child %s", qPrintable(name));
    return widget;
}

bool okEnabled(const ConnectDialog &dialog)
{
    return dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled();
}

void typeInto(QLineEdit *edit, const QString &text)
{
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

// Selects the combo's item at `index` with the keyboard, as a user would.
void pickServer(QComboBox *combo, int index)
{
    combo->setFocus();
    for (int step = 0; step < combo->count() && combo->currentIndex() > index; ++step)
        QTest::keyClick(combo, Qt::Key_Up);
    for (int step = 0; step < combo->count() && combo->currentIndex() < index; ++step)
        QTest::keyClick(combo, Qt::Key_Down); // a disabled item is skipped
}

// On the indicator: the button may be wider than its text, and a click beside the text misses.
void clickIndicator(QAbstractButton *button)
{
    QTest::mouseClick(button, Qt::LeftButton, {}, QPoint(8, button->height() / 2));
}

void clickRadio(const ConnectDialog &dialog, const char *name)
{
    clickIndicator(child<QRadioButton>(dialog, QString::fromLatin1(name)));
}

} // namespace

class tst_ConnectDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tokenShapeStates_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<FieldState>("state");
        QTest::newRow("empty") << QString() << FieldState::Empty;
        QTest::newRow("well formed") << kToken << FieldState::Valid;
        QTest::newRow("pasted with spaces") << QString(u"  " + kToken + u"  ") << FieldState::Valid;
        QTest::newRow("no colon") << QStringLiteral("123456789TEST-fake-token") << FieldState::Invalid;
        QTest::newRow("letters in the id") << QStringLiteral("12a456789:TEST-fake-token") << FieldState::Invalid;
        QTest::newRow("leading zero") << QStringLiteral("0123456789:TEST-fake-token") << FieldState::Invalid;
        QTest::newRow("a slash") << QStringLiteral("123456789:TEST/fake-token") << FieldState::Invalid;
        QTest::newRow("the secret only") << kSecret << FieldState::Invalid;
    }
    void tokenShapeStates()
    {
        QFETCH(QString, text);
        QFETCH(FieldState, state);
        ConnectDialog dialog;
        auto *token = child<QLineEdit>(dialog, QStringLiteral("token"));
        QVERIFY(token);
        typeInto(token, text);
        QCOMPARE(dialog.tokenState(), state);
        QCOMPARE(okEnabled(dialog), state == FieldState::Valid); // the cloud preset's URL is valid
        QCOMPARE(token->styleSheet().isEmpty(), state == FieldState::Empty);
        if (state == FieldState::Invalid)
            QVERIFY(token->styleSheet().contains(QStringLiteral("#ffd6d6")));
        const QString hint = child<QLabel>(dialog, QStringLiteral("tokenHint"))->text();
        QCOMPARE(hint.contains(kShapeHint, Qt::CaseInsensitive), state != FieldState::Valid);
        if (state == FieldState::Valid) {
            QVERIFY2(hint.contains(QStringLiteral("123456789:***")), qPrintable(hint));
            QCOMPARE(dialog.endpoint().token, kToken); // trimmed
        }
    }

    void tokenMaskedWithToggleAndPaste()
    {
        ConnectDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *token = child<QLineEdit>(dialog, QStringLiteral("token"));
        auto *toggle = child<QToolButton>(dialog, QStringLiteral("showToken"));
        QVERIFY(token && toggle);
        QCOMPARE(token->echoMode(), QLineEdit::Password);
        QApplication::clipboard()->setText(kToken + u'\n');
        token->setFocus();
        QTest::keySequence(token, QKeySequence::Paste);
        QCOMPARE(dialog.tokenState(), FieldState::Valid);
        QCOMPARE(dialog.endpoint().token, kToken);
        QTest::mouseClick(toggle, Qt::LeftButton);
        QCOMPARE(token->echoMode(), QLineEdit::Normal);
        QTest::mouseClick(toggle, Qt::LeftButton);
        QCOMPARE(token->echoMode(), QLineEdit::Password);
    }

    void presetsFillUrlAndTestFlag_data()
    {
        QTest::addColumn<Preset>("preset");
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("testEnvironment");
        QTest::addColumn<bool>("production");
        QTest::newRow("cloud") << Preset::Cloud << QStringLiteral("https://api.telegram.org") << false << true;
        QTest::newRow("test environment") << Preset::TestEnvironment << QStringLiteral("https://api.telegram.org")
                                          << true << false;
        QTest::newRow("local server") << Preset::LocalServer << QStringLiteral("http://127.0.0.1:8081") << false
                                      << false;
        QTest::newRow("demo") << Preset::Demo << QStringLiteral("http://127.0.0.1:40123") << false << false;
    }
    void presetsFillUrlAndTestFlag()
    {
        QFETCH(Preset, preset);
        QFETCH(QString, url);
        QFETCH(bool, testEnvironment);
        QFETCH(bool, production);
        ConnectDialog dialog;
        const BotApiEndpoint demo{QUrl(QStringLiteral("http://127.0.0.1:40123")),
                                  QStringLiteral("42:TEST-demo-token-of-the-emulator"), false};
        dialog.setDemoEndpoint(demo);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *server = child<QComboBox>(dialog, QStringLiteral("server"));
        auto *warning = child<QLabel>(dialog, QStringLiteral("productionWarning"));
        QVERIFY(server && warning);
        typeInto(child<QLineEdit>(dialog, QStringLiteral("token")), kToken);
        pickServer(server, int(Preset::LocalServer)); // away from the start, then to the preset
        pickServer(server, int(preset));
        QCOMPARE(server->currentText(), url);
        QCOMPARE(dialog.urlState(), FieldState::Valid);
        QCOMPARE(child<QCheckBox>(dialog, QStringLiteral("testEnvironment"))->isChecked(), testEnvironment);
        QCOMPARE(dialog.endpoint().baseUrl, QUrl(url));
        QCOMPARE(dialog.endpoint().testEnvironment, testEnvironment);
        QCOMPARE(dialog.isProductionCloud(), production);
        QCOMPARE(warning->isVisible(), production);
        if (production)
            QVERIFY(warning->text().contains(QStringLiteral(
                "Polling takes this bot's updates away from wherever it runs now (its webhook or its own "
                "getUpdates loop)")));
        QVERIFY(okEnabled(dialog));
        QCOMPARE(dialog.isDemo(), preset == Preset::Demo);
        if (preset == Preset::Demo) {
            QCOMPARE(dialog.endpoint().token, demo.token); // the typed token is not used
            QVERIFY(!child<QLineEdit>(dialog, QStringLiteral("token"))->isEnabled());
        } else {
            QCOMPARE(dialog.endpoint().token, kToken);
        }
    }

    void demoPresetNeedsTheEmulator()
    {
        ConnectDialog dialog;
        auto *server = child<QComboBox>(dialog, QStringLiteral("server"));
        QVERIFY(server);
        const auto flags = [server] { return server->model()->flags(server->model()->index(int(Preset::Demo), 0)); };
        QVERIFY(!(flags() & Qt::ItemIsEnabled));
        pickServer(server, int(Preset::Demo));
        QVERIFY(server->currentIndex() < int(Preset::Demo)); // skipped: not selectable
        dialog.setDemoEndpoint({QUrl(QStringLiteral("http://127.0.0.1:40123")), QStringLiteral("42:TEST-demo-token-x"), false});
        QVERIFY(flags() & Qt::ItemIsEnabled);
        // Without a token typed, the demo is enough to connect; there is nothing to remember.
        dialog.setRememberToken(true);
        dialog.choosePreset(Preset::Demo);
        QVERIFY(okEnabled(dialog));
        QVERIFY(!dialog.rememberToken());
        dialog.choosePreset(Preset::Cloud);
        QVERIFY(!okEnabled(dialog));
        QVERIFY(dialog.rememberToken());
    }

    void customUrl_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<FieldState>("state");
        QTest::addColumn<bool>("production");
        QTest::newRow("empty") << QString() << FieldState::Empty << false;
        QTest::newRow("local http") << QStringLiteral("http://localhost:8081") << FieldState::Valid << false;
        QTest::newRow("proxy path") << QStringLiteral("https://bots.example.org/tg/") << FieldState::Valid << false;
        QTest::newRow("cloud, other case") << QStringLiteral("https://API.Telegram.org/") << FieldState::Valid << true;
        QTest::newRow("no scheme") << QStringLiteral("localhost:8081") << FieldState::Invalid << false;
        QTest::newRow("ftp") << QStringLiteral("ftp://example.org") << FieldState::Invalid << false;
        QTest::newRow("no host") << QStringLiteral("http://") << FieldState::Invalid << false;
        QTest::newRow("words") << QStringLiteral("my server") << FieldState::Invalid << false;
        QTest::newRow("query") << QStringLiteral("http://127.0.0.1:8081/?a=b") << FieldState::Invalid << false;
        QTest::newRow("with the token") << QString(u"https://api.telegram.org/bot" + kToken + u"/getMe")
                                        << FieldState::Invalid << false;
    }
    void customUrl()
    {
        QFETCH(QString, url);
        QFETCH(FieldState, state);
        QFETCH(bool, production);
        ConnectDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        typeInto(child<QLineEdit>(dialog, QStringLiteral("token")), kToken);
        auto *server = child<QComboBox>(dialog, QStringLiteral("server"));
        QVERIFY(server);
        typeInto(server->lineEdit(), url);
        QCOMPARE(dialog.urlState(), state);
        QCOMPARE(okEnabled(dialog), state == FieldState::Valid);
        QCOMPARE(child<QLabel>(dialog, QStringLiteral("urlHint"))->isVisible(), state != FieldState::Valid);
        QCOMPARE(child<QLabel>(dialog, QStringLiteral("productionWarning"))->isVisible(), production);
        if (state == FieldState::Valid)
            QCOMPARE(dialog.endpoint().baseUrl, QUrl(url));
        // The test environment is never the production bot.
        child<QCheckBox>(dialog, QStringLiteral("testEnvironment"))->setChecked(true);
        QVERIFY(!child<QLabel>(dialog, QStringLiteral("productionWarning"))->isVisible());
    }

    void optInKindsMarked()
    {
        ConnectDialog dialog;
        const QList<QCheckBox *> boxes = dialog.findChildren<QCheckBox *>();
        int kinds = 0;
        for (int i = 1; i < UpdateKindCount; ++i) {
            auto *box = child<QCheckBox>(dialog, kindName(UpdateKind(i)));
            QVERIFY(box);
            ++kinds;
            QCOMPARE(box->text().contains(QStringLiteral("(opt-in)")), isOptInKind(UpdateKind(i)));
        }
        QCOMPARE(kinds, 25);
        QCOMPARE(std::count_if(boxes.begin(), boxes.end(),
                               [](QCheckBox *box) { return box->text().endsWith(QStringLiteral("(opt-in)")); }),
                 3);
    }

    void allowedUpdatesModes()
    {
        ConnectDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        typeInto(child<QLineEdit>(dialog, QStringLiteral("token")), kToken);
        auto *message = child<QCheckBox>(dialog, QStringLiteral("message"));
        auto *reaction = child<QCheckBox>(dialog, QStringLiteral("message_reaction"));
        QVERIFY(message && reaction);

        // Keep: nothing sent, the list is not editable.
        QCOMPARE(dialog.allowedUpdatesMode(), Mode::KeepBotSetting);
        QVERIFY(!dialog.pollerOptions().sendAllowedUpdates);
        QVERIFY(!message->isEnabled());

        // The default set: [] sent; the list shows it, opt-in kinds unchecked.
        clickRadio(dialog, "defaultSet");
        QCOMPARE(dialog.allowedUpdatesMode(), Mode::DefaultSet);
        PollerOptions options = dialog.pollerOptions();
        QVERIFY(options.sendAllowedUpdates);
        QVERIFY(options.allowedUpdates.isEmpty());
        QVERIFY(message->isChecked() && !reaction->isChecked() && !message->isEnabled());

        // An explicit list, starting from the default set.
        clickRadio(dialog, "onlyChecked");
        QVERIFY(message->isEnabled());
        QCOMPARE(dialog.pollerOptions().allowedUpdates.size(), 22);
        for (int i = 1; i < UpdateKindCount; ++i)
            child<QCheckBox>(dialog, kindName(UpdateKind(i)))->setChecked(false);
        QVERIFY(!okEnabled(dialog)); // [] would mean the default set, not "nothing"
        clickIndicator(reaction);
        clickIndicator(message);
        QVERIFY(okEnabled(dialog));
        options = dialog.pollerOptions();
        QVERIFY(options.sendAllowedUpdates);
        QCOMPARE(options.allowedUpdates, QStringList({QStringLiteral("message"), QStringLiteral("message_reaction")}));

        // The explicit list survives a look at another mode.
        clickRadio(dialog, "keepBotSetting");
        QVERIFY(!message->isChecked());
        clickRadio(dialog, "onlyChecked");
        QCOMPARE(dialog.pollerOptions().allowedUpdates.size(), 2);
    }

    void pollerOptionsRoundTrip_data()
    {
        QTest::addColumn<bool>("send");
        QTest::addColumn<QStringList>("kinds");
        QTest::addColumn<Mode>("mode");
        QTest::newRow("keep") << false << QStringList() << Mode::KeepBotSetting;
        QTest::newRow("default") << true << QStringList() << Mode::DefaultSet;
        QTest::newRow("list") << true << QStringList({QStringLiteral("callback_query"), QStringLiteral("chat_member")})
                              << Mode::OnlyChecked;
    }
    void pollerOptionsRoundTrip()
    {
        QFETCH(bool, send);
        QFETCH(QStringList, kinds);
        QFETCH(Mode, mode);
        ConnectDialog dialog;
        PollerOptions in;
        in.limit = 7;
        in.timeoutSeconds = 0;
        in.sendAllowedUpdates = send;
        in.allowedUpdates = kinds;
        dialog.setPollerOptions(in);
        QCOMPARE(dialog.allowedUpdatesMode(), mode);
        const PollerOptions out = dialog.pollerOptions();
        QCOMPARE(out.limit, 7);
        QCOMPARE(out.timeoutSeconds, 0);
        QCOMPARE(out.sendAllowedUpdates, send);
        QCOMPARE(out.allowedUpdates, kinds);
    }

    void limitAndTimeout()
    {
        ConnectDialog dialog;
        auto *limit = child<QSpinBox>(dialog, QStringLiteral("limit"));
        auto *timeout = child<QSpinBox>(dialog, QStringLiteral("timeout"));
        QVERIFY(limit && timeout);
        QCOMPARE(dialog.pollerOptions().limit, 100);
        QCOMPARE(dialog.pollerOptions().timeoutSeconds, 30);
        QCOMPARE(limit->minimum(), 1);
        QCOMPARE(limit->maximum(), 100);
        QCOMPARE(timeout->minimum(), 0);
        QCOMPARE(timeout->maximum(), 50);
        limit->setValue(250);
        timeout->setValue(-3);
        QCOMPARE(dialog.pollerOptions().limit, 100);
        QCOMPARE(dialog.pollerOptions().timeoutSeconds, 0);
        typeInto(limit->findChild<QLineEdit *>(), QStringLiteral("25"));
        typeInto(timeout->findChild<QLineEdit *>(), QStringLiteral("45"));
        QCOMPARE(dialog.pollerOptions().limit, 25);
        QCOMPARE(dialog.pollerOptions().timeoutSeconds, 45);
    }

    void rememberTokenChoice()
    {
        ConnectDialog dialog;
        auto *remember = child<QCheckBox>(dialog, QStringLiteral("rememberToken"));
        QVERIFY(remember);
        QVERIFY(!dialog.rememberToken());
        remember->setChecked(true);
        QVERIFY(dialog.rememberToken());
    }

    // In every state the dialog can be in, neither the title nor a label holds the secret.
    void tokenNeverInTitleOrLabels()
    {
        ConnectDialog dialog;
        dialog.setDemoEndpoint({QUrl(QStringLiteral("http://127.0.0.1:40123")), QStringLiteral("42:TEST-demo-token-of-the-emulator"), false});
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *token = child<QLineEdit>(dialog, QStringLiteral("token"));
        auto *server = child<QComboBox>(dialog, QStringLiteral("server"));
        QVERIFY(token && server);
        const auto verifyClean = [&dialog](const char *step) {
            QVERIFY2(!dialog.windowTitle().contains(kSecret), step);
            const QList<QLabel *> labels = dialog.findChildren<QLabel *>();
            QVERIFY(labels.size() >= 5);
            for (const QLabel *label : labels) {
                QVERIFY2(!label->text().contains(kSecret), qPrintable(QString::fromLatin1(step) + u": " + label->text()));
                QVERIFY2(!label->text().contains(QStringLiteral("TEST-demo-token")), step);
            }
        };
        typeInto(token, kToken);
        verifyClean("valid token");
        QTest::mouseClick(child<QToolButton>(dialog, QStringLiteral("showToken")), Qt::LeftButton);
        verifyClean("token shown");
        typeInto(token, kToken + u'/');
        verifyClean("invalid token");
        typeInto(token, kToken);
        typeInto(server->lineEdit(), u"https://api.telegram.org/bot" + kToken);
        verifyClean("token in the URL");
        for (int preset = 0; preset <= int(Preset::Demo); ++preset) {
            pickServer(server, preset);
            verifyClean("preset");
        }
    }

    void screenshots()
    {
        if (qEnvironmentVariableIsEmpty("UI_SCREENSHOT_DIR"))
            QSKIP("set UI_SCREENSHOT_DIR to save screenshots");
        ConnectDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        saveScreenshot(dialog, QStringLiteral("connectdialog-empty"));
        typeInto(child<QLineEdit>(dialog, QStringLiteral("token")), kToken);
        clickRadio(dialog, "onlyChecked");
        child<QCheckBox>(dialog, QStringLiteral("chat_member"))->setChecked(true);
        saveScreenshot(dialog, QStringLiteral("connectdialog-cloud"));
        auto *server = child<QComboBox>(dialog, QStringLiteral("server"));
        server->showPopup();
        QVERIFY(QTest::qWaitForWindowExposed(server->view()->window()));
        saveScreenshot(*server->view()->window(), QStringLiteral("connectdialog-presets"));
        server->hidePopup();
        typeInto(child<QLineEdit>(dialog, QStringLiteral("token")), QStringLiteral("12345:abc/"));
        typeInto(child<QComboBox>(dialog, QStringLiteral("server"))->lineEdit(), QStringLiteral("localhost:8081"));
        saveScreenshot(dialog, QStringLiteral("connectdialog-invalid"));
    }
};

QTEST_MAIN(tst_ConnectDialog)
#include "tst_connectdialog.moc"
