"""The API operations' summaries in Dutch, for the readable docs page.

The OpenAPI document takes its summaries from the views' docstrings, which are English (code). The
docs page is read by people in the interface language: in Dutch it shows these texts, in English
their translation (the docstring again). tests/networks/test_api_docs_words.py checks that every
operation has one.
"""

from flask_babel import lazy_gettext as _l

SUMMARIES = {
    ("get", "/api/v1/grants"): _l(
        "De toelagen die de gebruiker van de sleutel mag lezen, de nieuwste eerst."
    ),
    ("post", "/api/v1/grants"): _l("Registreer een toelage (beheerders)."),
    ("get", "/api/v1/grants/{grant_id}"): _l(
        "Eén toelage met haar wijzigingen, voorwaarden, betalingen en begrotingslijnen."
    ),
    ("patch", "/api/v1/grants/{grant_id}"): _l(
        "Wijzig titel, kenmerk, ontvanger of netwerken (beheerders); nooit het toegekende bedrag."
    ),
    ("post", "/api/v1/grants/{grant_id}/amendments"): _l(
        "Registreer een gedateerde wijziging van het toegekende bedrag (beheerders)."
    ),
    ("post", "/api/v1/grants/{grant_id}/payments"): _l(
        "Registreer een betaling, eventueel wachtend op een voorwaarde van de toelage (beheerders)."
    ),
    ("post", "/api/v1/grants/{grant_id}/requirements"): _l(
        "Registreer een voorwaarde (een verslag tegen een datum) waarop betalingen kunnen wachten "
        "(beheerders)."
    ),
    ("get", "/api/v1/reports/funding"): _l(
        "Toegekend, gewijzigd, nu toegekend, begroting (oorspronkelijk, herzien), betaald en "
        "wachtend, per financier, netwerk, programma of provincie en per schooljaar, "
        "toelageperiode of kalenderjaar; bedragen als decimale tekst."
    ),
    ("get", "/api/v1/organisations"): _l(
        "Organisaties van elke soort (beheerders en coaches); filters kind en q."
    ),
    ("post", "/api/v1/organisations"): _l(
        "Voeg een organisatie toe die geen school is (beheerders); een school: POST /schools."
    ),
    ("get", "/api/v1/organisations/{organisation_id}"): _l(
        "Eén organisatie (de id van een school is die van haar organisatie)."
    ),
    ("patch", "/api/v1/organisations/{organisation_id}"): _l(
        "Wijzig een organisatie die geen school is (beheerders); identifiers vervangt de lijst."
    ),
    ("get", "/api/v1/networks/{network_id}/members"): _l(
        "De leden van een netwerk die geen ingeschreven school zijn, met rol en periode."
    ),
    ("post", "/api/v1/networks/{network_id}/members"): _l(
        "Voeg een organisatie met een rol toe (coaches van het netwerk, beheerders); een school "
        "schrijft zich in (409 use_registration)."
    ),
    ("delete", "/api/v1/networks/{network_id}/members/{membership_id}"): _l(
        "Beëindig een lidmaatschap op ends_on (standaard vandaag); de geschiedenis blijft."
    ),
    ("get", "/api/v1/publications"): _l(
        "De gepubliceerde rapporten, nieuwste eerst (beheerder en ministerie), zonder inhoud."
    ),
    ("post", "/api/v1/publications"): _l(
        "Publiceer het deelname- of bereikrapport voor deze parameters: een bevroren momentopname "
        "met peildatum en stand van de gegevens (beheerder en ministerie)."
    ),
    ("get", "/api/v1/publications/{publication_id}"): _l(
        "Eén publicatie zoals gepubliceerd, met de rijen en totalen die sindsdien veranderden."
    ),
    ("get", "/api/v1/assignments"): _l(
        "Opdrachten van medewerkers; een coach ziet de zijne en die op de netwerken die hij leidt."
    ),
    ("get", "/api/v1/hour-entries"): _l("Geregistreerde uren; een coach ziet alleen de zijne."),
    ("get", "/api/v1/meetings"): _l(
        "Bijeenkomsten die de vrager mag lezen, op begintijd; filters network_id, from, to."
    ),
    ("get", "/api/v1/meetings/{meeting_id}"): _l("Eén bijeenkomst met haar aanwezigheidscijfers."),
    ("patch", "/api/v1/meetings/{meeting_id}"): _l(
        "Wijzig de meegestuurde velden van een bijeenkomst, zoals haar bewerkpagina "
        "(409 bij een verouderde versie)."
    ),
    ("post", "/api/v1/meetings"): _l(
        "Plan één bijeenkomst van een netwerk dat de vrager begeleidt, zoals haar pagina."
    ),
    ("post", "/api/v1/meetings/{meeting_id}/cancel"): _l(
        "Gelast een bijeenkomst af (met scope following ook de rest van haar reeks), zoals haar "
        "pagina."
    ),
    ("post", "/api/v1/networks/{network_id}/series/preview"): _l(
        "De data die een reeksregel oplevert, zonder de schoolvakanties; er wordt niets bewaard."
    ),
    ("post", "/api/v1/networks/{network_id}/series"): _l(
        "Plan alle bijeenkomsten van een reeksregel in één keer (alles of niets), zoals de "
        "reekspagina."
    ),
    ("put", "/api/v1/meetings/{meeting_id}/attendance"): _l(
        "Vervang de aanwezigheden van een bijeenkomst, zoals de pagina (409 bij een verouderde "
        "versie)."
    ),
    ("get", "/api/v1/meetings/{meeting_id}/minutes/revisions"): _l(
        "Elke bewaarde versie van het verslag, nieuwste eerst, met haar auteur."
    ),
    ("post", "/api/v1/outputs"): _l(
        "Leg een output vast: een link (JSON) of een bestand (multipart/form-data), zoals de "
        "pagina."
    ),
    ("delete", "/api/v1/outputs/{output_id}"): _l(
        "Verwijder een output en zijn bestand, zoals de pagina."
    ),
    ("get", "/api/v1/meetings/{meeting_id}/attendance"): _l(
        "De aanwezigheden van een bijeenkomst; ministerie en scholen krijgen schoolcodes, "
        "geen namen."
    ),
    ("get", "/api/v1/meetings/{meeting_id}/minutes"): _l(
        "Het huidige verslag van een bijeenkomst (Markdown) en zijn versie (0 vóór het eerste)."
    ),
    ("put", "/api/v1/meetings/{meeting_id}/minutes"): _l(
        "Vervang de tekst van het verslag: een nieuwe versie als die verschilt "
        "(409 bij een verouderde versie)."
    ),
    ("get", "/api/v1/networks"): _l(
        "De netwerken; filters programme_id, level, province en q (naam of thema)."
    ),
    ("post", "/api/v1/networks"): _l(
        "Maak een netwerk (beheerder) met 1 of 2 ankerscholen, op instellingsnummer."
    ),
    ("get", "/api/v1/networks/{network_id}"): _l(
        "Eén netwerk met zijn ankerscholen, coaches, oproepen en vrije plaatsen."
    ),
    ("patch", "/api/v1/networks/{network_id}"): _l(
        "Wijzig de meegestuurde velden van een netwerk (beheerder), zoals zijn bewerkpagina; "
        "ankerscholen, niveau, programma of bovenliggend netwerk vanaf effective_on "
        "(standaard vandaag)."
    ),
    ("post", "/api/v1/networks/{network_id}/registrations"): _l(
        "Schrijf een school (op instellingsnummer) in voor een netwerk."
    ),
    ("get", "/api/v1/outputs"): _l("Outputs die de vrager mag lezen; filter network_id."),
    ("patch", "/api/v1/outputs/{output_id}"): _l(
        "Wijzig de meegestuurde velden van een output, zoals zijn bewerkpagina "
        "(409 bij een verouderde versie)."
    ),
    ("get", "/api/v1/outputs/{output_id}/file"): _l(
        "Het opgeladen bestand van een output, voor wie zijn netwerk mag lezen (download_url)."
    ),
    ("get", "/api/v1/programmes"): _l("De programma's."),
    ("post", "/api/v1/programmes"): _l("Maak een programma (beheerder)."),
    ("get", "/api/v1/registrations"): _l(
        "Inschrijvingen: scholen zien die van hun scholen, coaches die van hun netwerken."
    ),
    ("get", "/api/v1/registrations/{registration_id}"): _l(
        "Eén inschrijving met haar gedateerde statusgeschiedenis."
    ),
    ("post", "/api/v1/registrations/{registration_id}/transitions"): _l(
        "Verander de status van een inschrijving: aanvaard, wachtlijst, geweigerd "
        "(coach/beheerder) of ingetrokken (school)."
    ),
    ("get", "/api/v1/networks/{network_id}/renewal-rounds"): _l(
        "De herbevestigingen van een netwerk per schooljaar, met de antwoorden die de vrager "
        "mag zien (scholen: die van hun scholen; ministerie: schoolcodes)."
    ),
    ("get", "/api/v1/renewal-rounds/{round_id}"): _l(
        "Eén herbevestiging: wie bevestigde en wie nog niet."
    ),
    ("post", "/api/v1/renewal-answers/{answer_id}/confirmation"): _l(
        "Bevestig dat de school in het schooljaar van de ronde opnieuw deelneemt (de school "
        "zelf); een tweede keer verandert niets, na het afsluiten 409."
    ),
    ("get", "/api/v1/reports/effort"): _l(
        "Het overzicht van de inzetpagina: VTE (gepland, gekleurd, gerealiseerd) en uren."
    ),
    ("get", "/api/v1/reports/participation"): _l(
        "Scholen per ankerschool, netwerk en niveau op een peildatum, met totalen per niveau."
    ),
    ("get", "/api/v1/reports/reach"): _l(
        "Aandeel bereikte scholen van een populatie, per schooljaar en cumulatief."
    ),
    ("get", "/api/v1/schools"): _l(
        "Scholen (beheerders en coaches; een schoolgebruiker de zijne), gefilterd en per pagina."
    ),
    ("post", "/api/v1/schools"): _l(
        "Voeg een school toe (alleen beheerders), met de regels van de CSV-import."
    ),
    ("get", "/api/v1/schools/{school_id}"): _l(
        "Eén school (beheerders en coaches; een schoolgebruiker een van de zijne)."
    ),
    ("get", "/api/v1/tokens"): _l(
        "De eigen tokens, nieuwste eerst, ook ingetrokken en verlopen; een beheerder vraagt "
        "die van iemand anders op met ?user_id=."
    ),
    ("post", "/api/v1/tokens"): _l(
        "Maak een token voor uzelf; het antwoord bevat de tekst, die nooit meer getoond wordt."
    ),
    ("delete", "/api/v1/tokens/{token_id}"): _l(
        "Trek een token in (het eigen; een beheerder: dat van iedereen). Het antwoordt vanaf "
        "dan 401; een ingetrokken token opnieuw intrekken verandert niets."
    ),
    # Writing through the API (issue 27): staff, assignments, hours, calls and the PATCHes.
    ("patch", "/api/v1/schools/{school_id}"): _l(
        "Wijzig de meegestuurde velden van een school (alleen beheerders), met de regels van de "
        "CSV-import (409 bij een verouderde versie)."
    ),
    ("patch", "/api/v1/registrations/{registration_id}"): _l(
        "Wijzig de contactpersoon van een inschrijving (de eigen school en beheerders), zoals "
        "de inschrijvingspagina (409 bij een verouderde versie)."
    ),
    ("get", "/api/v1/calls"): _l(
        "De oproepen, nieuwste eerst; filters programme_id en open_on (open op die dag)."
    ),
    ("post", "/api/v1/calls"): _l("Maak een oproep (beheerder) met netwerken van haar programma."),
    ("get", "/api/v1/calls/{call_id}"): _l(
        "Eén oproep met haar programma, inschrijvingsperiode en netwerken."
    ),
    ("patch", "/api/v1/calls/{call_id}"): _l(
        "Wijzig de meegestuurde velden van een oproep (beheerder); network_ids vervangt haar "
        "netwerken."
    ),
    ("get", "/api/v1/programmes/{programme_id}"): _l("Eén programma."),
    ("patch", "/api/v1/programmes/{programme_id}"): _l(
        "Wijzig de meegestuurde velden van een programma (beheerder), zoals zijn bewerkpagina."
    ),
    ("get", "/api/v1/staff"): _l("De medewerkers op naam, per pagina (beheerder)."),
    ("post", "/api/v1/staff"): _l("Voeg een medewerker toe (beheerder)."),
    ("get", "/api/v1/staff/{member_id}"): _l("Eén medewerker (beheerder)."),
    ("patch", "/api/v1/staff/{member_id}"): _l(
        "Wijzig de meegestuurde velden van een medewerker (409 bij een verouderde versie)."
    ),
    ("delete", "/api/v1/staff/{member_id}"): _l(
        "Verwijder een medewerker met zijn opdrachten; 409 has_hours zodra hij uren "
        "registreerde (verwijder die eerst, zoals op de pagina)."
    ),
    ("post", "/api/v1/assignments"): _l(
        "Voeg een opdracht toe (beheerder); boven 1,000 VTE op een dag: 409 overload, tenzij "
        "confirm_overload."
    ),
    ("get", "/api/v1/assignments/{assignment_id}"): _l(
        "Eén opdracht (een coach: de zijne of een op een netwerk dat hij leidt)."
    ),
    ("patch", "/api/v1/assignments/{assignment_id}"): _l(
        "Wijzig de meegestuurde velden van een opdracht (beheerder; 409 bij een verouderde "
        "versie of overbelasting)."
    ),
    ("delete", "/api/v1/assignments/{assignment_id}"): _l(
        "Verwijder een opdracht (beheerder), zoals de pagina; haar versies blijven."
    ),
    ("post", "/api/v1/hour-entries"): _l(
        "Registreer uren: een coach de zijne op een netwerk dat hij leidt, een beheerder die "
        "van iedereen (geweigerd in een afgesloten maand)."
    ),
    ("get", "/api/v1/hour-entries/{entry_id}"): _l("Eén urenregistratie (een coach: de zijne)."),
    ("patch", "/api/v1/hour-entries/{entry_id}"): _l(
        "Wijzig de meegestuurde velden van een urenregistratie (geweigerd als haar oude of "
        "nieuwe maand afgesloten is; 409 bij een verouderde versie)."
    ),
    ("delete", "/api/v1/hour-entries/{entry_id}"): _l(
        "Verwijder een urenregistratie (geweigerd in een afgesloten maand)."
    ),
}


def summary_of(method: str, path: str, documented: str) -> str:
    """The summary of an operation in the interface language; the docstring when none is here."""
    summary = SUMMARIES.get((method, path))
    return documented if summary is None else str(summary)
