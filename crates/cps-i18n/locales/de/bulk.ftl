## Bulk upload: "Liste hochladen" under Meine Produkte
bulk-link = Liste hochladen
bulk-title = Produktliste hochladen
bulk-lead = Führen Sie Ihre Ausrüstung in einer Tabelle oder einem Inventarsystem? Laden Sie die Liste als CSV- oder Excel-Datei (XLSX) hoch, höchstens { $max } Zeilen. Wir prüfen zuerst die ganze Liste und zeigen, was registriert wird – gespeichert wird erst, wenn Sie bestätigen.
bulk-columns = Die Liste braucht eine Kopfzeile mit den Spalten Model, Serial number, Purchase date, Country of purchase und Retailer (in beliebiger Reihenfolge). Die Spaltenüberschriften stehen auf Englisch oder Schwedisch, wie in den Vorlagen unten. Unter Model kann der Modellcode oder der Name aus dem Produktkatalog stehen. Jede Zeile braucht eine Seriennummer; die übrigen Angaben können leer bleiben und später ergänzt werden, Punkte bringt das Produkt aber erst, wenn alle vier ausgefüllt sind.
bulk-formats = Schreiben Sie Datumsangaben als JJJJ-MM-TT oder JJJJ-MM und Länder als Ländercode (DE, AT …). CSV-Dateien aus Excel funktionieren, mit Semikolon wie mit Komma.
bulk-template-sv = Vorlage herunterladen (schwedische Spaltenüberschriften)
bulk-template-en = Vorlage herunterladen (englische Spaltenüberschriften)
bulk-file-label = Datei mit Produkten
bulk-file-hint = CSV oder XLSX, höchstens { $max } Zeilen.
bulk-check = Liste prüfen
bulk-checking-note = Eine lange Liste zu prüfen dauert einige Sekunden.
bulk-file-unreadable = Die Datei konnte nicht gelesen werden. Speichern Sie sie als CSV oder XLSX und versuchen Sie es erneut.
bulk-file-no-header = Der Datei fehlt eine Kopfzeile mit der Spalte Model (oder Modell). Nehmen Sie am besten die Vorlage als Grundlage.
bulk-file-empty = Die Datei enthält keine Produkte.
bulk-file-too-many = Die Datei hat { $count } Zeilen. Teilen Sie sie in Dateien mit höchstens { $max } Zeilen auf.
bulk-file-missing = Wählen Sie eine Datei zum Hochladen.
bulk-preview-title = Liste prüfen
bulk-preview-lead = { $valid ->
    [one] 1 Produkt kann registriert werden und bringt jetzt { $points } Punkte.
   *[other] { $valid_shown } Produkte können registriert werden und bringen jetzt { $points } Punkte.
  } { $skipped ->
    [0] Keine Zeile wird übersprungen.
    [one] 1 Zeile wird übersprungen.
   *[other] { $skipped_shown } Zeilen werden übersprungen.
  }
bulk-preview-nothing = Keine Zeile der Liste kann registriert werden. Korrigieren Sie die Datei und laden Sie sie erneut hoch.
bulk-confirm = { $count ->
    [one] 1 Produkt registrieren
   *[other] { $count_shown } Produkte registrieren
  }
bulk-other-file = Andere Datei wählen
bulk-skipped-title = Zeilen, die übersprungen werden ({ $count_shown })
bulk-valid-title = Zeilen, die registriert werden ({ $count_shown })
bulk-col-line = Zeile
bulk-col-why = Grund
bulk-col-note = Hinweis
bulk-incomplete = Unvollständig – { $missing }
bulk-complete = Vollständig
bulk-suggestions = Meinten Sie: { $models }?
bulk-problem-model-missing = Das Modell fehlt.
bulk-problem-model-unknown = Das Modell ist nicht im Produktkatalog.
bulk-problem-model-ambiguous = Mehrere Modelle passen – geben Sie den Modellcode an.
bulk-problem-serial-missing = Die Seriennummer fehlt. In einer Liste wird die Seriennummer gebraucht, um das Produkt zu erkennen.
bulk-problem-duplicate = Dieselbe Seriennummer steht bereits in Zeile { $line } der Datei.
bulk-problem-serial-elsewhere = Diese Seriennummer ist bereits von einem anderen Unternehmen registriert. Gehört das Produkt Ihnen? Wenden Sie sich an den CPS Priority Support.
bulk-result-title = Die Liste ist registriert
bulk-result-lead = { $count ->
    [0] Es wurden keine Produkte registriert.
    [one] 1 Produkt wurde registriert und hat { $points } Punkte gebracht.
   *[other] { $count_shown } Produkte wurden registriert und haben { $points } Punkte gebracht.
  }
bulk-result-skipped = Diese Zeilen wurden übersprungen
bulk-result-none-skipped = Es wurden keine Zeilen übersprungen.
bulk-back = Zurück zu Meine Produkte
bulk-gone-title = Die Liste ist nicht mehr vorhanden
bulk-gone = Die Liste wurde bereits registriert oder ist abgelaufen (eine geprüfte Liste wird zwei Stunden aufbewahrt). Laden Sie sie erneut hoch, um zu sehen, was noch übrig ist – bereits registrierte Produkte werden nicht doppelt hinzugefügt.
