@uc:health-forward
Feature: The MDM forwards meter health events to a maintenance consumer (IEC 61968-9 clause 5.2, EDE-06)
  The head-end (the suite) tells the MDM the health events of a meter with created(EndDeviceEvents), as in EDE-05:
  codes of use-cases.md §2.5 of a health domain (UC-05), each with its own createdDateTime. The MDM forwards them to
  its maintenance consumer, meter maintenance or work management (the suite, at <listener>/mm/events), with
  created(EndDeviceEvents) (CIM9-165), each with the code, the meter and the createdDateTime the head-end sent; an
  event of no health domain told with them (a voltage imbalance) is not forwarded (CIM9-166). Nothing at the
  maintenance consumer within timeouts.eventSeconds is a failure, and so is a second forward of an event already
  forwarded (the same mRID, or the same meter, type and createdDateTime) within the quiet period (DOM-EVENT-ONCE, as at
  the OMS). The scenarios apply when the profile says the SUT forwards health events in Part 9 messages (UC-06 = on,
  CIM9-165 = created-events); otherwise they are not applicable.

  @usecase:EDE-06 @pattern:P2 @edition:2024 @clause:2024:5.2
  @clause:2013:5.2 @role:MDM @edition:2013 @req:EDE-06.1 @cap:health-forward
  Scenario: The MDM forwards the health events of a meter the head-end told it to the maintenance consumer
    Given a meter installed at a usage point
    When the head-end tells the MDM health events of the meter
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the maintenance consumer waits for the health events of the meter
    Then the message is valid against its schemas
    And the message header is conformant
    And the maintenance consumer is told the health events the head-end sent, with their codes, meter and times
    And the maintenance consumer is told each health event once

  @usecase:EDE-06 @pattern:P2 @edition:2024 @clause:2024:5.2
  @clause:2013:5.2 @role:MDM @edition:2013 @req:EDE-06.2 @cap:health-forward
  Scenario: The MDM forwards to the maintenance consumer the health events only, not the other events the head-end told it
    Given a meter installed at a usage point
    When the head-end tells the MDM health events and another event of the meter
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the maintenance consumer waits for the health events of the meter
    Then the message is valid against its schemas
    And the message header is conformant
    And the maintenance consumer is told the health events the head-end sent and no other event
    And the maintenance consumer is told each health event once
