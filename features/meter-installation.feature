@uc:master-data
Feature: Meters installed and removed in the field, told by the head-end to the MDM (IEC 61968-9:2013 clause 5.10, 2024 clause 5.8)
  The head-end (metering system, MS) is a system of record of the meters in the field: for MeterConfig the
  transfer of master data runs "MAM / WM → MDM (→ MS), or MS → MDM", and an installer's work reaches the MDM and
  the MS as created(…Config) (use-cases.md §9.2, §4.2). When a meter is installed, the head-end tells its
  master-data subscriber — the MDM, played by the suite at <listener>/masterdata — with created(MeterConfig);
  when it is removed, with deleted(MeterConfig) (or changed(MeterConfig) carrying the removal: assumption
  CIM9-50). The suite acknowledges each publication (reply, OK). The subscriber is told of each change once,
  naming exactly the meter concerned (MD-PUBLICATION; UC-29: required when the suite is registered as
  subscriber, pics.<role>.publishes (master data)). The meter is the profile's data.spareMeter, installed and
  removed by the stimuli meter-installed and meter-removed; a meter a scenario installed is removed again after
  it, so the SUT ends as it began.

  @usecase:MD-02 @pattern:P2
  @clause:2013:5.10 @clause:2024:5.8 @role:HES @edition:2013 @edition:2024 @req:MD-02.HES-1 @cap:stimulus @cap:md-publication
  Scenario: The head-end tells the MDM of a meter installed in the field
    Given a spare meter that is not installed
    When the spare meter is installed in the field
    And the MDM waits for the head-end's MeterConfig about the meter
    Then the message is valid against its schemas
    And the message header is conformant
    And it describes the installed meter and no other
    And the MDM is told of the change only once

  @usecase:MD-02 @pattern:P2
  @clause:2013:5.10 @clause:2024:5.8 @role:HES @edition:2013 @edition:2024 @req:MD-02.HES-2 @cap:stimulus @cap:md-publication
  Scenario: The head-end tells the MDM of a meter removed from the field
    Given the spare meter installed in the field and reported to the MDM
    When the meter is removed from the field
    And the MDM waits for the head-end's MeterConfig about the meter
    Then the message is valid against its schemas
    And the message header is conformant
    And it tells of the removal of the meter and no other
    And the MDM is told of the change only once
