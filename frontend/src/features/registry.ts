// Every screen's messages, registered once (imported by the app and by the translation test).
