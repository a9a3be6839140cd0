@uc:device-events
Feature: End device events at the head-end: queries, meter health, power quality (IEC 61968-9 clause 5.2, EDE-05, EDE-07, EDE-09)
  The MDM asks the head-end for the events of a meter in a time window with get(EndDeviceEvents) [GetEndDeviceEvents:
  Meter, TimeSchedule/scheduleInterval]. The answer carries events of that meter created inside the window only, their
  codes decode (the message checks, with the EndDeviceEventType definitions the payload may carry), an event may carry
  several EndDeviceEventDetails and a message several events. A window with no event is answered with Result OK and no
  events or FAILED with an "invalid …" code (UC-34); a meter the head-end does not know is refused with 2.4.
  The head-end tells the MDM (the suite, at <listener>/mdm/events) the health events a meter raises with
  created(EndDeviceEvents): codes that decode, of a health domain (UC-05), and the power quality events of a voltage
  sag or swell, whose starts and stops pair per meter and phase. Health alarms and sags are caused in the field (a
  stimulus). The MDM's forward of health events to a maintenance consumer (EDE-06, UC-06) is
  features/health-forward.feature.

  @usecase:EDE-09 @pattern:P5 @edition:2024 @clause:2024:5.2
  @clause:2013:5.2 @role:HES @edition:2013 @req:EDE-09.1
  Scenario: The MDM asks the head-end for the events of a meter in a time window
    Given a meter installed at a usage point
    When the MDM asks the head-end for the events of the meter in the last 12 hours
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the reply carries only events of the meter inside the window

  @usecase:EDE-09 @pattern:P5 @edition:2024 @clause:2024:5.2
  @clause:2013:5.2 @role:HES @edition:2013 @req:EDE-09.2
  Scenario: The head-end answers a query for the events of a meter in a window with no event
    Given a meter installed at a usage point
    When the MDM asks the head-end for the events of the meter in a window with no event
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply says that no event matched

  @usecase:EDE-09 @pattern:P5 @edition:2024 @clause:2024:AnnexB
  @clause:2013:AnnexB @role:HES @edition:2013 @req:EDE-09.3
  Scenario: The head-end refuses a query for the events of a meter it does not know
    Given a meter unknown to the SUT
    When the MDM asks the head-end for the events of the meter in the last 12 hours
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "FAILED" with the Annex B code for "unknownMeter"

  @usecase:EDE-05 @pattern:P2 @edition:2024 @clause:2024:5.2
  @clause:2013:5.2 @role:HES @edition:2013 @req:EDE-05.1 @cap:stimulus
  Scenario: The head-end tells the MDM the health alarms of a meter
    Given a meter installed at a usage point
    When the meter raises health alarms in the field
    And the MDM waits for the health events of the meter
    Then the message is valid against its schemas
    And the message header is conformant
    And every health event of the meter has a code of a health domain

  @usecase:EDE-07 @pattern:P2 @edition:2024 @clause:2024:5.2
  @clause:2013:5.2 @role:HES @edition:2013 @req:EDE-07.1 @cap:stimulus
  Scenario: The head-end tells the MDM the start and the end of a voltage sag at a meter
    Given a meter installed at a usage point
    When a voltage sag occurs at the meter in the field
    And the MDM waits for the power quality events of the meter
    Then the message is valid against its schemas
    And the message header is conformant
    And the sag and swell events of the meter pair start and stop per phase
