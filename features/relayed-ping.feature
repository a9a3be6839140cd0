@uc:relayed-ping
Feature: Relayed meter ping (IEC 61968-9 clause 5.2, use case EDE-02, pattern P6)
  The OMS asks the MDM for the energisation state of meters (a "meter ping", get(MeterReadings) without
  ReadingType, UC-01); the MDM asks its head-end the same question and relays the outcome: the same meters, the
  same status (answered with a reading, or the head-end's Error), the same Result. The suite plays both peers of
  the MDM: the OMS, and the head-end at <listener>/hes (pics.MDM.sends), which in the second scenario
  does not reach one meter (Error 4.1, request timed out). Whether the MDM may answer from its own recent data
  instead is assumption CIM9-110 (default: a warning, the answer then checked as a ping answer). The evidence holds
  the timing of both legs. Both editions: the use case and its messages are the same in 2013 and 2024.

  @usecase:EDE-02 @pattern:P6 @edition:2024 @clause:2024:5.2
  @clause:2013:5.2.3 @role:MDM @edition:2013 @req:EDE-02.3 @cap:relay
  Scenario: The MDM relays the OMS's ping of a meter to its head-end and the head-end's answer to the OMS
    Given a meter installed at a usage point
    When the OMS pings the meter through the MDM, the suite playing its head-end
    Then the MDM forwards the ping for exactly the meter to the head-end
    And the reply is valid against its schemas
    And the reply header is conformant
    And the reply relays the head-end's status of every meter asked

  @usecase:EDE-02 @pattern:P6 @edition:2024 @clause:2024:5.2 @meters:3
  @clause:2013:5.2.3 @role:MDM @edition:2013 @req:EDE-02.4 @cap:relay
  Scenario: The MDM relays a ping of several meters, one of which its head-end does not reach
    Given 3 meters installed at usage points
    When the OMS pings the meters through the MDM, the suite playing its head-end, which does not reach the last meter
    Then the MDM forwards the ping for exactly the meters to the head-end
    And the reply is valid against its schemas
    And the reply header is conformant
    And the reply relays the head-end's status of every meter asked
