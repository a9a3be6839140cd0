@uc:firmware-upgrade
Feature: Firmware upgrade of a meter, told by the head-end to the MDM (IEC 61968-9 clause 5.6, MSE-01)
  Firmware distribution is outside Part 9; its outcome is not (use-cases.md §6.1, 2013 fig. 42, 2024 fig. 45). After
  a firmware upgrade in the field (the stimulus firmware-upgrade, naming the new firmwareID and whether it activates)
  the head-end tells the MDM (the suite, at <listener>/mdm/events) created(EndDeviceEvents) with the firmware events
  of the meter: ready for activation (x.11.283.280), then activated (x.11.283.4) or failed (x.11.283.85); the
  replaced event (3.11.17.52) is assumption CIM9-141. An activated upgrade is then told as a configuration change,
  changed(EndDeviceConfig) or changed(MeterConfig) (assumption CIM9-140), whose device refers to a function with the
  new firmwareID; a failed one never shows the new firmwareID. Events and configuration concern the meter upgraded.
  The 2011 draft generation has no EndDeviceConfig or MeterConfig profile: these scenarios are not applicable there.

  @usecase:MSE-01 @pattern:P2 @edition:2013 @edition:2024 @clause:2013:5.6 @clause:2024:5.6
  @role:HES @req:MSE-01.1 @cap:stimulus
  Scenario: The head-end tells the MDM the firmware events and the new firmware of a meter upgraded in the field
    Given a meter installed at a usage point
    When the firmware of the meter is upgraded in the field
    And the MDM waits for the firmware events of the meter
    Then the message is valid against its schemas
    And the message header is conformant
    And the firmware events of the meter go from ready for activation to activated
    When the MDM waits for the head-end's configuration change of the meter
    Then the message is valid against its schemas
    And the message header is conformant
    And the configuration change shows the new firmware of the meter

  @usecase:MSE-01 @pattern:P2 @edition:2013 @edition:2024 @clause:2013:5.6 @clause:2024:5.6
  @role:HES @req:MSE-01.2 @cap:stimulus
  Scenario: The head-end tells the MDM a firmware upgrade that failed to activate, and no new firmware
    Given a meter installed at a usage point
    When a firmware upgrade of the meter fails to activate in the field
    And the MDM waits for the firmware events of the meter
    Then the message is valid against its schemas
    And the message header is conformant
    And the firmware events of the meter go from ready for activation to a failure
    And no configuration change shows the new firmware of the meter
