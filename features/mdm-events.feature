@uc:mdm-events
Feature: End device events the head-end tells the MDM: meter health and power quality (IEC 61968-9 clause 5.2, EDE-05, EDE-07)
  The head-end tells the MDM the events its meters raise with created(EndDeviceEvents), which the MDM acknowledges
  (use-cases.md §2.5, §2.7). The suite plays that head-end and tells the MDM health events of a meter (codes of a
  health domain, UC-05: a low battery, a clock error, each with a createdDateTime of its own) or the power quality
  events of a voltage sag on phase A and of a swell on phase C (their starts and their stops). It then asks the MDM,
  as the maintenance consumer or the network operator, get(EndDeviceEvents) [GetEndDeviceEvents] for the meter over
  the time of those events: the answer carries each event told, with the same code, meter and createdDateTime
  (EDE-EVENTS-KEPT), only events of the meter inside the window (EDE-QUERY-METER, EDE-QUERY-WINDOW), and the sag and
  swell starts and stops pair per phase (EDE-PQ-PAIR). The scenarios apply when the MDM keeps the events it is told to
  be asked for (CIM9-310 = kept, the default; none makes them not applicable). The head-end side of both use cases is
  features/device-events.feature; the MDM's forward of health events (EDE-06) is features/health-forward.feature.

  @usecase:EDE-05 @pattern:P2 @edition:2024 @clause:2024:5.2
  @clause:2013:5.2 @role:MDM @edition:2013 @req:EDE-05.2 @cap:events-mdm
  Scenario: The MDM acknowledges the health alarms the head-end tells it and answers them to a get(EndDeviceEvents)
    Given a meter installed at a usage point
    When the head-end tells the MDM the health alarms of the meter
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the maintenance consumer asks the MDM for the events of the meter over their time
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the MDM answers the health events it was told, with their codes, meter and times

  @usecase:EDE-07 @pattern:P2 @edition:2024 @clause:2024:5.2
  @clause:2013:5.2 @role:MDM @edition:2013 @req:EDE-07.2 @cap:events-mdm
  Scenario: The MDM acknowledges the start and the end of a voltage sag and a swell the head-end tells it and answers them paired to a get(EndDeviceEvents)
    Given a meter installed at a usage point
    When the head-end tells the MDM the start and the end of a voltage sag and of a swell at the meter
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the network operator asks the MDM for the events of the meter over their time
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the MDM answers the sag and swell events it was told, with their codes, meter and times, paired start and stop per phase

  # MSE-01 with the MDM as receiver (use-cases.md §6.1: "MS → MDM / MAM : created(EndDeviceEvents) with firmware events
  # … ⇐ ack"): the head-end tells the MDM the firmware events of a meter upgraded in the field; the MDM acknowledges them
  # and answers them to the meter asset management's get(EndDeviceEvents). The head-end side is
  # features/firmware-upgrade.feature.
  @usecase:MSE-01 @pattern:P2 @edition:2024 @clause:2024:5.6
  @clause:2013:5.6 @role:MDM @edition:2013 @req:MSE-01.3 @cap:events-mdm
  Scenario: The MDM acknowledges the firmware events of a meter the head-end tells it and answers them to a get(EndDeviceEvents)
    Given a meter installed at a usage point
    When the head-end tells the MDM the firmware events of the meter upgraded in the field, ready then activated
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the meter asset management asks the MDM for the events of the meter over their time
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the MDM answers the firmware events it was told, with their codes, meter and times

  # MSE-01 with the MDM as receiver of the configuration change (use-cases.md §6.1: "then changed(EndDeviceConfig |
  # MeterConfig) with new firmwareID on the Com/SimpleEndDeviceFunction ⇐ ack"; the noun CIM9-140, MeterConfig unless it
  # says EndDeviceConfig): after the firmware events the head-end tells the MDM the configuration change of the meter
  # with its new firmwareID; the MDM acknowledges it and, where it answers get of that noun (pics.MDM.supports), shows
  # the meter with the new firmwareID (FW-MDM-KEPT).
  @usecase:MSE-01 @pattern:P2 @edition:2024 @clause:2024:5.6
  @clause:2013:5.6 @role:MDM @edition:2013 @req:MSE-01.4 @cap:events-mdm
  Scenario: The MDM acknowledges the configuration change with the new firmware of a meter the head-end tells it and keeps it
    Given a meter installed at a usage point
    When the head-end tells the MDM the firmware events of the meter upgraded in the field, ready then activated
    Then the reply has Result "OK"
    When the head-end tells the MDM the configuration change of the meter with its new firmware
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the meter asset management asks the MDM for the configuration of the meter
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the MDM answers the meter with its new firmware
