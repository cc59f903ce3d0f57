## Bulk upload: "Lataa lista palveluun" under Omat tuotteet
bulk-link = Lataa lista palveluun
bulk-title = Lataa tuotelista palveluun
bulk-lead = Onko laitteistonne taulukossa tai inventaariojärjestelmässä? Ladatkaa lista palveluun CSV- tai Excel-tiedostona (XLSX), enintään { $max } riviä. Tarkistamme ensin koko listan ja näytämme, mitä rekisteröidään – mitään ei tallenneta ennen kuin vahvistatte.
bulk-columns = Listassa on oltava otsikkorivi, jossa ovat sarakkeet Model, Serial number, Purchase date, Country of purchase ja Retailer (missä järjestyksessä tahansa). Otsikot kirjoitetaan englanniksi tai ruotsiksi kuten alla olevissa malleissa. Model-sarakkeessa voi olla mallikoodi tai tuoteluettelon mukainen nimi. Jokaisella rivillä on oltava sarjanumero; muut tiedot voi jättää tyhjiksi ja täydentää myöhemmin, mutta tuote tuo pisteitä vasta, kun kaikki neljä tietoa on täytetty.
bulk-formats = Päivämäärät kirjoitetaan muodossa VVVV-KK-PP tai VVVV-KK ja maat maakoodeina (FI, SE …). Excelistä tallennetut CSV-tiedostot käyvät, sekä puolipiste- että pilkkuerotteiset.
bulk-template-sv = Lataa malli (ruotsinkieliset otsikot)
bulk-template-en = Lataa malli (englanninkieliset otsikot)
bulk-file-label = Tuotetiedosto
bulk-file-hint = CSV tai XLSX, enintään { $max } riviä.
bulk-check = Tarkista lista
bulk-checking-note = Pitkän listan tarkistaminen kestää muutaman sekunnin.
bulk-file-unreadable = Tiedostoa ei voitu lukea. Tallentakaa se CSV- tai XLSX-muodossa ja yrittäkää uudelleen.
bulk-file-no-header = Tiedostosta puuttuu otsikkorivi, jossa on sarake Model. Käyttäkää mieluiten mallia pohjana.
bulk-file-empty = Tiedostossa ei ole tuotteita.
bulk-file-too-many = Tiedostossa on { $count } riviä. Jakakaa se tiedostoihin, joissa on enintään { $max } riviä.
bulk-file-missing = Valitkaa ladattava tiedosto.
bulk-preview-title = Tarkista lista
bulk-preview-lead = { $valid ->
    [one] 1 tuote voidaan rekisteröidä, ja se tuo nyt { $points } pistettä.
   *[other] { $valid_shown } tuotetta voidaan rekisteröidä, ja ne tuovat nyt { $points } pistettä.
  } { $skipped ->
    [0] Yhtään riviä ei ohiteta.
    [one] 1 rivi ohitetaan.
   *[other] { $skipped_shown } riviä ohitetaan.
  }
bulk-preview-nothing = Mitään listan riviä ei voida rekisteröidä. Korjatkaa tiedosto ja ladatkaa se uudelleen.
bulk-confirm = { $count ->
    [one] Rekisteröi 1 tuote
   *[other] Rekisteröi { $count_shown } tuotetta
  }
bulk-other-file = Valitse toinen tiedosto
bulk-skipped-title = Ohitettavat rivit ({ $count_shown })
bulk-valid-title = Rekisteröitävät rivit ({ $count_shown })
bulk-col-line = Rivi
bulk-col-why = Syy
bulk-col-note = Huomautus
bulk-incomplete = Puutteellinen – { $missing }
bulk-complete = Täydellinen
bulk-suggestions = Tarkoititteko: { $models }?
bulk-problem-model-missing = Malli puuttuu.
bulk-problem-model-unknown = Mallia ei ole tuoteluettelossa.
bulk-problem-model-ambiguous = Useampi malli sopii – kirjoittakaa mallikoodi.
bulk-problem-serial-missing = Sarjanumero puuttuu. Listassa sarjanumeroa tarvitaan tuotteen tunnistamiseen.
bulk-problem-duplicate = Sama sarjanumero on jo tiedoston rivillä { $line }.
bulk-problem-serial-elsewhere = Sarjanumero on jo toisen yrityksen rekisteröimä. Onko tuote teidän? Ottakaa yhteyttä CPS Priority Supportiin.
bulk-result-title = Lista on rekisteröity
bulk-result-lead = { $count ->
    [0] Yhtään tuotetta ei rekisteröity.
    [one] 1 tuote rekisteröitiin, ja se toi { $points } pistettä.
   *[other] { $count_shown } tuotetta rekisteröitiin, ja ne toivat { $points } pistettä.
  }
bulk-result-skipped = Nämä rivit ohitettiin
bulk-result-none-skipped = Yhtään riviä ei ohitettu.
bulk-back = Takaisin: Omat tuotteet
bulk-gone-title = Listaa ei ole enää saatavilla
bulk-gone = Lista on jo rekisteröity tai se on vanhentunut (tarkistettu lista säilytetään kaksi tuntia). Ladatkaa se uudelleen, jos haluatte nähdä, mitä on jäljellä – jo rekisteröityjä tuotteita ei lisätä kahdesti.
