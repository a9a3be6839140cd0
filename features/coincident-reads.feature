@uc:coincident-reads
Feature: Register readings coincident with a remote disconnect or connect (IEC 61968-9:2024, use cases MR-09 and MR-08)
  Edition 2024 gives the final (disconnect) / initial (connect) register read a shape of its own (fig. 28): the
  head-end sends the MDM created(MeterReadings) with one MeterReading of the meter that holds the switch event
  (EndDeviceEvents: 3.31.0.68 Disconnected / 3.31.0.42 Connected, the vendor form 0.31.26.68 / 0.31.26.42 per
  CIM9-93), says isCoincidentTrigger=true, and carries the register Readings with reason serviceDisconnect /
  serviceConnect whose timeStamp is the event's createdDateTime (UC-15 tolerance). The suite plays the MDM and sends
  the switch as in EDC-06 (features/end-device-controls.feature, whose EDC-06.2 already checks that a read with the
  reason follows the switch); these scenarios check the coincident shape. A read in the 2013 shape, none, or a
  refused coincident request is a warning by default (CIM9-185), and the scenario is then skipped: untested, not passed. Edition 2013 has no such shape: the scenarios do not apply to its profiles.
  The MDM may also ask for the readings coincident with an event (MR-08, fig. 27): get(MeterReadings) whose
  GetMeterReadings carries the coincident request (MeterReadings: isCoincidentTrigger, the EndDeviceEventType, the
  Meter, Readings/ReadingType); the answer holds the event as trigger and the reading asked for at its time. The
  trigger may also be a reading: asked for the register reading coincident with the meter's maximum demand of a period
  (CIM9-211; the request's form per CIM9-210), the head-end or the MDM answers a MeterReading with
  isCoincidentTrigger=true holding the maximum demand Reading, stamped within the period, and the register Reading
  at its timeStamp (UC-15).

  @usecase:MR-09 @pattern:P2 @role:HES @edition:2024 @clause:2024:5.3 @clause:2024:5.4 @req:MR-09.1
  Scenario Outline: The head-end's read after a <command> is coincident with the switch event
    Given a meter installed at a usage point
    When the MDM asks the head-end to "<command>" the meter
    Then the reply has Result "OK"
    When the MDM waits for the head-end's register read after the switch
    Then the read after the switch is valid against its schemas and conformant
    And a MeterReading of the meter holds the switch event as the trigger of its readings
    And every coincident reading has reason "<reason>" and the time of the switch event

    Examples:
      | command    | reason            |
      | disconnect | serviceDisconnect |
      | connect    | serviceConnect    |

  @usecase:MR-08 @pattern:P1 @role:HES @edition:2024 @clause:2024:5.3 @req:MR-08.1
  Scenario: The head-end answers a request for the register reading coincident with a disconnect
    Given a meter installed at a usage point
    When the MDM asks the head-end to "disconnect" the meter
    Then the reply has Result "OK"
    When the MDM waits for the head-end's register read after the switch
    And the MDM asks the head-end for the register reading coincident with the switch event
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the answer holds the switch event as the trigger of the register reading at its time

  @usecase:MR-08 @pattern:P5 @role:HES @edition:2024 @clause:2024:5.3 @req:MR-08.2
  Scenario: The head-end answers a request for the register reading coincident with the meter's maximum demand
    Given a meter installed at a usage point
    When the MDM asks the "HES" for the register reading of the meter coincident with its maximum demand of the last 24 hours
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the answer holds the maximum demand reading of the period as the trigger and the register reading at its time

  @usecase:MR-08 @pattern:P5 @role:MDM @edition:2024 @clause:2024:5.3 @req:MR-08.3
  Scenario: The MDM answers a request for the register reading coincident with the meter's maximum demand
    Given a meter installed at a usage point
    When the CIS asks the "MDM" for the register reading of the meter coincident with its maximum demand of the last 24 hours
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the answer holds the maximum demand reading of the period as the trigger and the register reading at its time
