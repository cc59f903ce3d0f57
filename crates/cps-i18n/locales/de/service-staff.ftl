# Service und Reparatur im Backoffice (Issue 15): die Schritte des Servicepersonals, Kostenvoranschläge und der Leihgerätebestand.

## Rolle und Reiter
admin-nav-service = Service
admin-role-service = Service

## Die Servicewarteschlange
admin-svc-queue-requests = Serviceaufträge
admin-svc-filter-open = Offen
admin-svc-filter-all = Alle
admin-svc-filter-due = Zugesagter Termin
admin-svc-filter-any-due = Alle
admin-svc-filter-late = Gefährdet oder überschritten
admin-svc-filter-any-kind = Alle Arten
admin-svc-filter-apply = Anzeigen
admin-svc-loans-open = Zum Leihgerätebestand

## Ein Serviceauftrag
admin-svc-request-title = Serviceauftrag { $number }
admin-svc-request-details = Der Auftrag
admin-svc-shipping = Versand
admin-svc-received = Eingegangen
admin-svc-tracking = Sendungsnummer
admin-svc-tracking-hint = Die Sendungsnummer des Pakets, das an den Kunden zurückgeht.
admin-svc-return-address = Rücksendeadresse
admin-svc-description = Fehlerbeschreibung des Kunden
admin-svc-benefits = Was die Mitgliedschaft heute bietet
admin-svc-discount = Rabatt auf Ersatzteile und Arbeit: { $percent } %
admin-svc-allowance-left = Verbleibendes Wartungsguthaben: { $left } (gültig bis { $until })
admin-svc-allowance-none = Kein Wartungsguthaben
admin-svc-cleans-left = Kostenlose Sensorreinigungen in diesem Jahr für dieses Produkt: { $count }
admin-svc-loan-included = Leihgeräte inbegriffen
admin-svc-loan-not-included = Leihgeräte nicht inbegriffen
admin-svc-quote-net = Netto nach Rabatt und Wartungsguthaben
admin-svc-quote-waiting = Der Kostenvoranschlag wartet auf die Entscheidung des Kunden.
admin-svc-quote-approved = Der Kunde hat den Kostenvoranschlag angenommen.
admin-svc-quote-declined = Der Kunde hat den Kostenvoranschlag abgelehnt.
admin-svc-loan = Leihgeräte
admin-svc-loan-pool-hint = Verleih und Rückgabe erfolgen im Leihgerätebestand.
admin-svc-wish = Wunsch des Kunden
admin-svc-item = Leihgerät
admin-svc-due = Zurück bis
admin-svc-overdue = überfällig
admin-svc-timeline = Verlauf
admin-svc-from = Vorheriger Status
admin-svc-actor-member = Kunde
admin-svc-actor-staff = Servicepersonal
admin-svc-actor-system = System
admin-svc-steps = Nächster Schritt
admin-svc-next-step = Status ändern
admin-svc-note = Notiz
admin-svc-step-in_repair = Reparatur beginnen
admin-svc-step-ready = Als fertig markieren
admin-svc-step-shipped = Als versandt markieren
admin-svc-step-closed = Auftrag abschließen

## Eingang
admin-svc-receive-title = Produkt annehmen
admin-svc-receive = Als eingegangen markieren
admin-svc-serial-read = Seriennummer auf dem Produkt
admin-svc-serial-read-hint = Geben Sie die Seriennummer so ein, wie sie auf dem Produkt steht. Sie muss mit der des Auftrags übereinstimmen.

## Kostenvoranschlag
admin-svc-quote-enter = Kostenvoranschlag erfassen
admin-svc-quote-replace = Kostenvoranschlag ersetzen (der Kunde hat noch nicht entschieden)
admin-svc-quote-save = Kostenvoranschlag speichern
admin-svc-line-kind = Art, Zeile { $row }
admin-svc-line-description = Beschreibung
admin-svc-line-description-n = Beschreibung, Zeile { $row }
admin-svc-line-quantity = Menge
admin-svc-line-quantity-n = Menge, Zeile { $row }
admin-svc-line-unit = Stückpreis
admin-svc-line-unit-n = Stückpreis, Zeile { $row }
admin-svc-line-unit-hint = Listenpreis ohne MwSt. in { $currency }, zum Beispiel 1.500,00. Leere Zeilen werden übersprungen.
admin-svc-line-part = Ersatzteil
admin-svc-line-labour = Arbeit
admin-svc-line-sensor_clean = Sensorreinigung

## Der Leihgerätebestand
admin-svc-loans-title = Leihgerätebestand
admin-svc-loans-lead = Leihgeräte für die Dauer von Reparaturen: Anfragen, verliehene und überfällige Geräte und der gesamte Bestand.
admin-svc-pending-title = Anfragen nach Leihgeräten
admin-svc-pending-none = Keine Anfragen offen.
admin-svc-lend-title = Auftrag { $number } – Wunsch: { $wish }
admin-svc-lend = Verleihen
admin-svc-due-hint = Vorgeschlagen sind fünf Arbeitstage nach dem zugesagten Termin.
admin-svc-running-title = Verliehen
admin-svc-lent = Verliehen am
admin-svc-return-title = Auftrag { $number }: { $item } ist zurück
admin-svc-return = Zurückgegeben
admin-svc-overdue-title = Überfällige Leihgeräte
admin-svc-pool-title = Alle Leihgeräte
admin-svc-category = Kategorie
admin-svc-add-item-title = Leihgerät hinzufügen
admin-svc-add-item = Hinzufügen
admin-svc-item-status-available = Verfügbar
admin-svc-item-status-lent = Verliehen
admin-svc-item-status-retired = Ausgemustert
admin-svc-loan-status-requested = Angefragt
admin-svc-loan-status-lent = Verliehen
admin-svc-loan-status-returned = Zurückgegeben
admin-svc-loan-status-refused = Nicht verliehen
admin-svc-category-camera = Kameragehäuse
admin-svc-category-cinema = Cinema-Kamera
admin-svc-category-lens = Objektiv
admin-svc-category-cinema-lens = Cinema-Objektiv
admin-svc-category-flash = Blitz
admin-svc-category-printer = Drucker
admin-svc-category-accessory = Zubehör

## Fehler (nichts wurde geändert)
admin-svc-error-illegal = Der Auftrag hat den Status „{ $from }“ und kann nicht zu „{ $to }“ wechseln. Nichts wurde geändert.
admin-svc-error-members-step = Den Kostenvoranschlag anzunehmen oder abzulehnen ist der Schritt des Kunden. Nichts wurde geändert.
admin-svc-error-receive-with-serial = Nehmen Sie das Produkt mit dem Eingangsformular an, in dem die Seriennummer geprüft wird. Nichts wurde geändert.
admin-svc-error-quote-form = Ein Auftrag gilt als geprüft, wenn sein Kostenvoranschlag erfasst ist. Nichts wurde geändert.
admin-svc-error-loan-out = Der Auftrag kann nicht abgeschlossen werden, solange das Leihgerät verliehen ist. Nehmen Sie es zuerst im Leihgerätebestand zurück. Nichts wurde geändert.
admin-svc-error-serial-missing = Geben Sie die Seriennummer so ein, wie sie auf dem Produkt steht.
admin-svc-error-serial-mismatch = Die Seriennummer stimmt nicht mit dem Produkt des Auftrags überein. Prüfen Sie, ob es das richtige Produkt ist. Nichts wurde geändert.
admin-svc-error-price = Geben Sie den Preis als Betrag ein, zum Beispiel 1.500,00.
admin-svc-error-empty-quote = Füllen Sie mindestens eine Zeile des Kostenvoranschlags aus.
admin-svc-error-tracking = Geben Sie die Sendungsnummer des Pakets ein.
admin-svc-error-tracking-invalid = Die Sendungsnummer darf höchstens 100 Zeichen lang sein.
admin-svc-error-item-name = Geben Sie eine Bezeichnung ein (höchstens 200 Zeichen).
admin-svc-error-item-details = Geben Sie Bezeichnung und Seriennummer ein (je höchstens 200 Zeichen).
admin-svc-error-item-serial-taken = Es gibt bereits ein Leihgerät mit dieser Seriennummer.
admin-svc-error-item-choose = Wählen Sie ein verfügbares Leihgerät.
admin-svc-error-item-unavailable = Dieses Leihgerät ist bereits verliehen. Wählen Sie ein anderes. Nichts wurde geändert.
admin-svc-error-loan-not-pending = Die Anfrage wartet nicht mehr auf ein Leihgerät. Nichts wurde geändert.
admin-svc-error-due = Geben Sie ein Datum ein (JJJJ-MM-TT).
admin-svc-error-due-past = Das Rückgabedatum darf nicht in der Vergangenheit liegen.

## Das Prüfprotokoll
admin-svc-audit-promised-on = Zugesagt bis
admin-svc-audit-tracking = Sendungsnummer
admin-svc-audit-lines = Zeilen des Kostenvoranschlags
admin-svc-audit-list = Listenpreis
admin-svc-audit-name = Bezeichnung
admin-svc-audit-category = Kategorie
admin-svc-audit-loan = Leihe (Nr. im System)
admin-svc-audit-item = Leihgerät (Nr. im System)
admin-svc-audit-due-back = Zurück bis
admin-svc-error-awaiting-payment = Das Produkt geht zurück, sobald Rechnung { $invoice } bezahlt ist (Überweisung). Nichts wurde geändert.
