@uc:meter-service
Feature: Meter installation and removal through meter service requests (IEC 61968-9:2013 clause 5.5, use case MSR-01)
  The CIS (played by the suite) asks the work management — here the head-end, the system that sends the field crew
  and knows the meters in the field — for a meter service with create(MeterServiceRequests): one MeterServiceWork of
  kind meter (CIM9-237) with its requestDateTime, the meter (the profile's data.spareMeter) and the usage point of
  the first meter of data.meters; an installation names the meter as Meter, a removal names it as OldMeter and as
  Meter. The head-end accepts it (reply, OK). On completion it tells the CIS, at <listener>/cis/events,
  created|changed(MeterServiceRequests) (CIM9-235) naming the same work, meter and usage point, of kind meter, dated
  between the request and its receipt (MSR-SVC-*). The MeterServiceRequests profile has no public 2013 schema: the
  project's pack proposes one from the draft (CIM9-236); official schemas replace it through `schemas:`. The 2024
  edition has no MeterServiceRequests profile: these scenarios are not applicable there. The draft-2011 generation (the
  EPRI projects) has the profile with the message Header as the first child of its root (payloads.md §14): the request
  and the completion carry it there. A meter a scenario
  installed is removed again after it.
  The master data follows the completion (use-cases.md §5.1, MD-01 / MD-02): the head-end tells its master-data
  subscriber — the MDM, played by the suite at <listener>/masterdata (pics.<role>.publishes (master data)) — the meter
  (MeterConfig: created on installation, deleted or changed on removal, CIM9-50) and its link to the usage point of the
  work (MasterDataLinkageConfig: created on installation, deleted or closed on removal, CIM9-278); which of the two are
  required is CIM9-277 (both by default; MSR-MD-METER, MSR-MD-LINK).
  The draft-2011 generation has no form of that master data: its schema set (the EPRI projects) has no MeterConfig and no
  MasterDataLinkageConfig profile and its test procedures exchange no master data (payloads.md §0.1, §0.5; use-cases.md
  §13), so MSR-01.3 and MSR-01.4 are not applicable to a draft-2011 profile, which says so
  (@edition-only:no-draft-master-data).
  With the MDM as SUT (MSR-01.5, .6, .7; 2013) the suite plays the work management: on a usage point and a meter of the
  scenario's own, created and linked at the MDM, and a new meter created there, it tells the MDM the completion
  created(MeterServiceRequests) of the exchange (the new meter as Meter with its initial read, the old one as OldMeter
  with its final read, status completed); the MDM acknowledges it (reply, OK) and, as the CIS then reads back with
  GetMeterConfig by UsagePoint, links the usage point to the installed meter and no longer to the removed one
  (CIM9-249: linkage by default, none to leave the read-back out). A completion naming as the installed meter one the
  MDM never heard of is refused with a code of CIM9-257 (default 2.4); one at a usage point it never heard of with the
  profile's code of an unknown usage point (expectedCodes, COD-06; 2.12 by default).
  With the CIS as SUT (MSR-01.C1; 2013) the upper tester tells the CIS (cis-meter-service, meters [the meter, the
  spare meter]) to have the meter exchanged for data.spareMeter: the CIS sends the work management — the head-end the
  suite plays, which acknowledges it — create(MeterServiceRequests) with one work of kind meter, its requestDateTime,
  the spare meter as Meter, the meter as OldMeter and its usage point (MSR-CLIENT-REQUEST); the suite then tells it the
  completion changed(MeterServiceRequests) of that work, which the CIS must acknowledge and hold: its upper tester
  (cis-report-readings) reports the initial read of the spare meter and the final read of the meter (MSR-CLIENT-HELD).

  @usecase:MSR-01 @pattern:P2
  @clause:2013:5.5 @role:HES @edition:2013 @edition:draft-2011 @req:MSR-01.1
  Scenario: The CIS asks for a meter installation and the head-end tells it the installation is done
    Given a meter installed at a usage point
    When the CIS asks the head-end to install the spare meter at the usage point
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the CIS waits for the completion of the meter service request
    Then the completion message is valid against its schemas and conformant
    And the completion names the work, the meter and the usage point of the request, of kind meter, sanely dated

  @usecase:MSR-01 @pattern:P2
  @clause:2013:5.5 @role:HES @edition:2013 @edition:draft-2011 @req:MSR-01.2
  Scenario: The CIS asks for a meter removal and the head-end tells it the removal is done
    Given a meter installed at a usage point
    And the spare meter installed through a meter service request
    When the CIS asks the head-end to remove the spare meter
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the CIS waits for the completion of the meter service request
    Then the completion message is valid against its schemas and conformant
    And the completion names the work, the meter and the usage point of the request, of kind meter, sanely dated

  @usecase:MSR-01 @pattern:P2
  @clause:2013:5.5 @role:HES @edition:2013 @edition-only:no-draft-master-data @req:MSR-01.3 @cap:md-publication
  Scenario: After a meter installation it completed, the head-end tells the MDM the meter and its link to the usage point
    Given a meter installed at a usage point
    When the CIS asks the head-end to install the spare meter at the usage point
    Then the reply has Result "OK"
    When the MDM waits for the master data that follows the meter service
    Then every master-data message is valid against its schemas and conformant
    And the MDM is told the meter and its link to the usage point of the work

  @usecase:MSR-01 @pattern:P2
  @clause:2013:5.5 @role:HES @edition:2013 @edition-only:no-draft-master-data @req:MSR-01.4 @cap:md-publication
  Scenario: After a meter removal it completed, the head-end tells the MDM the meter removed and its link to the usage point ended
    Given a meter installed at a usage point
    And the spare meter installed through a meter service request
    When the CIS asks the head-end to remove the spare meter
    Then the reply has Result "OK"
    When the MDM waits for the master data that follows the meter service
    Then every master-data message is valid against its schemas and conformant
    And the MDM is told the meter and its link to the usage point of the work

  # ------------------------------------------------------------------ the MDM as SUT (the suite plays the work management)

  @usecase:MSR-01 @pattern:P2
  @clause:2013:5.5 @role:MDM @edition:2013 @req:MSR-01.5
  Scenario: The work management tells the MDM a meter exchange it completed, and the MDM links the usage point to the installed meter
    Given a usage point and its meter created and linked at the MDM for a change-out
    When the work management creates the new meter at the MDM
    And the work management tells the MDM the completed exchange of the old meter for the new one
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the CIS asks the MDM for the meters of the usage point
    Then the reply is valid against its schemas
    And the usage point is linked to the installed meter and no longer to the removed one (CIM9-249)

  @usecase:MSR-01 @pattern:P2
  @clause:2013:5.5 @role:MDM @edition:2013 @req:MSR-01.6
  Scenario: The MDM refuses the completion of a meter installation naming a meter it never heard of
    Given a usage point and its meter created and linked at the MDM for a change-out
    When the work management creates the new meter at the MDM
    And the work management tells the MDM a completed installation of a meter the MDM never heard of
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the MDM refuses the completion with the Annex B code of an unknown meter (CIM9-257)

  @usecase:MSR-01 @pattern:P2
  @clause:2013:5.5 @role:MDM @edition:2013 @req:MSR-01.7
  Scenario: The MDM refuses the completion of a meter exchange at a usage point it never heard of
    Given a usage point and its meter created and linked at the MDM for a change-out
    When the work management creates the new meter at the MDM
    And the work management tells the MDM a completed exchange at a usage point the MDM never heard of
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "FAILED" with the Annex B code for "unknownUsagePoint"

  # ------------------------------------------------------------------ the CIS as SUT (the suite plays the work management)

  @usecase:MSR-01 @pattern:P2
  @clause:2013:5.5 @role:CIS @edition:2013 @req:MSR-01.C1
  Scenario: The CIS asks the work management for a meter exchange and acknowledges its completion
    Given a meter installed at a usage point
    When the CIS is told to have the meter exchanged for the spare meter by the work management the suite plays
    Then the head-end the suite plays receives the request
    And the request is valid against its schemas
    And the request header is conformant
    And the meter service request names a work of kind meter, the spare meter, the meter and its usage point
    And the head-end the suite plays takes the request
    When the work management the suite plays tells the CIS the completion of the meter service request
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the CIS holds the initial read of the spare meter and the final read of the meter the completion carries
